"""What services and views both use: state types and defaults of each resource.

Views import these (never the services); services import them too.
"""
