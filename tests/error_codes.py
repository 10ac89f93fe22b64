"""The error codes the tests expect of the server, by name.

Written out here, not taken from mockelb: they are what the cloud answers, which the server
must match. test_errors checks that mockelb's error classes agree with this table.
"""

# ELB: the load balancer service
INVALID_INPUT = "ELB.8902"  # 400: a bad field, an unknown attribute, a body that is no JSON
NOT_FOUND = "ELB.8904"  # 404: "<type> <id> could not be found."
QUOTA_EXCEEDED = "ELB.8905"  # 409: the project's quota would be exceeded
CONFLICT = "ELB.8907"  # 409: the request conflicts with a resource's current state
IP_MEMBER_PROTOCOL_NOT_SUPPORTED = "ELB.8938"  # 400: an IP member in a pool of this protocol
IP_TARGET_NOT_ENABLED = "ELB.8939"  # 400: an IP member behind an LB without ip_target_enable
INTERNAL_ERROR = "ELB.8906"  # 500: the service failed (what a fault rule answers by default)
BATCH_DELETE_NOT_FOUND = "ELB.9903"  # ret_code of a batch-deleted pool id that is no pool

# APIGW: the API gateway in front of it
API_NOT_FOUND = "APIGW.0101"  # 404: no API at this path with this method
GATEWAY_REQUEST_ERROR = "APIGW.0201"  # 400/408/413/414/494: the HTTP request is unusable
AUTHENTICATION_FAILED = "APIGW.0301"  # 401: no usable token or signature
PROJECT_MISMATCH = "APIGW.0302"  # 403: the credential's project is not the path's
THROTTLED = "APIGW.0308"  # 429: over the rate limit (what a 429 fault rule answers)
