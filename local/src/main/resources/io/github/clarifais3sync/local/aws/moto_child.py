"""moto server as a child process of the offline stack's JVM.

Serves every moto service on 127.0.0.1 at a port the OS picks, prints "moto-ready port=N" once it listens, and
exits as soon as its standard input reaches end of file: the JVM holds the only write end of that pipe, and the
kernel closes it when the JVM ends in any way (normal exit, Ctrl-C, kill -9), so the server never outlives the stack.
Run as: python -c "$(cat moto_child.py)" --parent-pid PID (the argument only names the owner in process listings).

speed_up_dynamodb() changes how moto's DynamoDB finds items, not what it answers: moto walks every item of a table
for each Query (also one naming a partition key) and compares attribute values through Python-level casts, so a
query's time grows with the table and a 10,000-object run slows to a crawl. The ledger contract tests
(DynamoDbLedgerTest) run against the patched server.

enforce_iam() (on when MOTO_LOCAL_ADMIN_KEY is set) makes the server authorize every request the way IAM does for an
identity-based policy: the SigV4 signature must verify with a known access key, and that key's user's policies must
allow the action on the resource. moto does the signature and the action check itself; this wrapper gives DynamoDB and
Secrets Manager requests their resource ARN (moto checks them against "*", so any policy naming a table or a secret
would refuse everything), matches wildcards as IAM does ("?" and literal dots broke moto's regular expressions),
leaves condition keys unchecked (moto turned every statement with a Condition into an explicit deny), authorizes
presigned S3 URLs (the gateway has verified their signature) for the key that signed them, and answers a GET or HEAD of
a missing object 403 instead of 404 when the caller may not list the bucket, as S3 does
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). Users, their policies and their access keys
are added with POST /_local/iam/users.

fix_empty_object_tagging(): S3 accepts PutObjectTagging with an empty TagSet and removes the object's tags
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html); moto's parser fails on it with HTTP 500.
"""
import contextvars
import decimal
import functools
import inspect
import json
import logging
import os
import re
import signal
import sys
import threading

# The items a Table.query running on this thread may look at (None: all of them, moto's own walk).
_candidates = contextvars.ContextVar("moto_query_candidates", default=None)


def speed_up_dynamodb():
    from moto.dynamodb.models.table import Table
    from moto.dynamodb import responses as dynamodb_responses
    from moto.dynamodb.parsing import expressions, validators

    walk_all_items = Table.all_items
    query = Table.query

    def all_items(self):
        candidates = _candidates.get()
        return walk_all_items(self) if candidates is None else candidates(self)

    def partition(hash_key):
        # self.items: hash key -> {range key -> item} (tables with a sort key) or hash key -> item.
        def items(table):
            stored = table.items.get(hash_key)
            if stored is None:
                return []
            return list(stored.values()) if table.range_key_attr else [stored]
        return items

    def carrying(attribute, value):
        # A global index holds only the items that carry its key attributes (a sparse index holds few); pick those
        # by the raw stored value instead of moto's DynamoType comparison, which casts both sides on every item.
        def items(table):
            found = []
            for stored in table.items.values():
                for item in (stored.values() if table.range_key_attr else (stored,)):
                    held = item.attrs.get(attribute)
                    if held is not None and held.type == value.type and held.value == value.value:
                        found.append(item)
            return found
        return items

    signature = inspect.signature(query)

    def fast_query(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs).arguments
        hash_key, index_name = bound.get("hash_key"), bound.get("index_name")
        conditions = bound.get("hash_key_conditions") or []
        restrict = None
        if index_name is None and hash_key is not None:
            restrict = partition(hash_key)
        elif index_name is not None and len(conditions) == 1:
            restrict = carrying(conditions[0][0], conditions[0][1])
        if restrict is None:
            return query(self, *args, **kwargs)
        token = _candidates.set(restrict)
        try:
            return query(self, *args, **kwargs)
        finally:
            _candidates.reset(token)

    def raw(value):
        return decimal.Decimal(value.value) if value.type == "N" else value.value

    def sorted_items(self, hash_key_attrs, range_key_attrs, items):
        attrs = self._generate_attr_to_sort_by(hash_key_attrs, range_key_attrs)
        if all(item.attrs[attr].type in ("S", "N", "B") for item in items for attr in attrs):
            items.sort(key=lambda item: tuple(raw(item.attrs[attr]) for attr in attrs))
            return items
        return sorted_items_by_cast(self, hash_key_attrs, range_key_attrs, items)

    sorted_items_by_cast = Table.sorted_items
    Table.all_items = all_items
    Table.query = fast_query
    Table.sorted_items = sorted_items

    # An item operation's answer is already DynamoDB's JSON (attribute values as {"S": …}); moto walks it again
    # through the service model, attribute by attribute, which costs more than the operation. Send it as it is when
    # plain JSON holds it (a binary or a number object does not: those still take moto's serializer).
    item_operations = {"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem",
                       "BatchWriteItem"}
    serialize = dynamodb_responses.DynamoResult.execute_result

    def execute_result(self, context):
        if context.operation_model.name in item_operations and isinstance(self.result, dict):
            members = context.operation_model.output_shape.members
            try:
                body = json.dumps({name: value for name, value in self.result.items() if name in members},
                                  separators=(",", ":"))
            except (TypeError, ValueError):
                return serialize(self, context)
            status, headers, _ = serialize(dynamodb_responses.DynamoResult({}), context)
            return status, headers, body
        return serialize(self, context)

    dynamodb_responses.DynamoResult.execute_result = execute_result

    # "Only one SET/ADD/REMOVE clause" holds for the whole expression: check it once, at the root, rather than again
    # at every clause below it (quadratic in the number of actions).
    verify = validators.ActionCountValidator.verify_action_counts
    validators.ActionCountValidator.verify_action_counts = (
        lambda self, node: verify(self, node) if node.parent is None else node)

    # The same few update expressions arrive again and again; their parse tree is only read (the validator works on
    # a deep copy), so parse each once.
    make = expressions.UpdateExpressionParser.make.__func__
    expressions.UpdateExpressionParser.make = classmethod(functools.lru_cache(maxsize=256)(make))


def make_dynamodb_writes_atomic():
    """DynamoDB applies each conditional write atomically; moto's DynamoDB checks a condition and writes the item in
    separate steps, without a lock, and the server is threaded, so two racing writers could both see their condition
    hold (LocalAwsDynamoDbTest shows it). One lock around each DynamoDB action restores it; moto holds Python's global
    interpreter lock for the whole action anyway, so the lock costs little throughput."""
    from moto.dynamodb.responses import DynamoHandler

    lock = threading.Lock()
    call_action = DynamoHandler.call_action

    def atomic_call_action(self):
        with lock:
            return call_action(self)

    DynamoHandler.call_action = atomic_call_action


def fix_empty_object_tagging():
    import xmltodict
    from moto.s3.responses import S3Response

    def tagging_from_xml(self):
        tag_set = (xmltodict.parse(self.body, force_list={"Tag": True}).get("Tagging") or {}).get("TagSet") or {}
        return {tag["Key"]: tag.get("Value") or "" for tag in tag_set.get("Tag") or []}

    S3Response._tagging_from_xml = tagging_from_xml


ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


@functools.lru_cache(maxsize=1024)
def _wildcard(pattern, ignore_case):
    # IAM wildcards: "*" any run of characters, "?" any one character, everything else literal.
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(regex, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


class LocalIam:
    """The IAM side of enforce_iam(): users and keys, and whether a key's policies allow an action on a resource."""

    def __init__(self, account_id):
        from moto.iam.models import iam_backends
        self.account_id = account_id
        self.backend = iam_backends[account_id]["aws"]

    def add_user(self, user_name, access_key_id, secret_access_key, policies):
        user = self.backend.create_user("us-east-1", user_name)
        for name, document in policies.items():
            self.backend.put_user_policy(user_name, name, document)
        key = user.create_access_key(prefix="AKIA")
        key.access_key_id = access_key_id
        key.secret_access_key = secret_access_key

    def allows(self, access_key_id, action, resource):
        from moto.iam.access_control import CreateAccessKeyFailure, IAMPolicy, IAMUserAccessKey, PermissionResult
        try:
            key = IAMUserAccessKey(self.account_id, "aws", access_key_id, {})
        except CreateAccessKeyFailure:
            return False
        results = [IAMPolicy(policy).is_action_permitted(action, resource) for policy in key.collect_policies()]
        return PermissionResult.DENIED not in results and PermissionResult.PERMITTED in results


def _credential_key_id(environ):
    """The access key id and service of a SigV4 request, from its Authorization field or presigned query."""
    from urllib.parse import parse_qs
    match = re.search(r"Credential=([^,\s]+)", environ.get("HTTP_AUTHORIZATION", ""))
    credential = match.group(1) if match else (parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential")
                                                or [""])[0]
    scope = credential.split("/")
    return (scope[0], scope[3]) if len(scope) == 5 else (None, None)


def enforce_iam(app, account_id, admin_key_id, admin_secret):
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.core.exceptions import AccessDeniedError, JsonRESTError, _RESTError as RESTError
    from moto.dynamodb.responses import DynamoHandler
    from moto.iam.access_control import IAMPolicyStatement, S3IAMRequest
    from moto.s3.exceptions import S3AccessDeniedError
    from moto.secretsmanager.models import secretsmanager_backends
    from moto.secretsmanager.responses import SecretsManagerResponse

    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    iam = LocalIam(account_id)
    iam.add_user("offline-admin", admin_key_id, admin_secret, {"admin": ALLOW_ALL})

    def check_element_matches(self, element, value):
        patterns = self._statement[element]
        ignore_case = element in ("Action", "NotAction")
        return any(_wildcard(pattern, ignore_case).fullmatch(value)
                   for pattern in (patterns if isinstance(patterns, list) else [patterns]))

    IAMPolicyStatement._check_element_matches = check_element_matches
    IAMPolicyStatement._check_conditions = lambda self, incoming_condition_values: True

    def request_json(self):
        params = getattr(self, "params", None)
        if isinstance(params, dict) and params:
            return params
        try:
            parsed = json.loads(self.body or "{}")
            return parsed if isinstance(parsed, dict) else {}
        except (TypeError, ValueError):
            return {}

    def dynamodb_resource(self):
        body = request_json(self)
        table = body.get("TableName") or next(iter(body.get("RequestItems") or {}), None)
        if table is None:
            return "*"
        arn = table if table.startswith("arn:") else "arn:aws:dynamodb:%s:%s:table/%s" % (
            self.region, self.current_account, table)
        return arn + ("/index/" + body["IndexName"] if body.get("IndexName") else "")

    def secret_resource(self):
        body = request_json(self)
        secret_id = body.get("SecretId") or body.get("Name")
        if not secret_id:
            return "*"
        secret = secretsmanager_backends[self.current_account][self.region].secrets.get(secret_id)
        if secret is not None:
            return secret.arn
        return secret_id if secret_id.startswith("arn:") else "arn:aws:secretsmanager:%s:%s:secret:%s" % (
            self.region, self.current_account, secret_id)

    DynamoHandler._determine_resource = dynamodb_resource
    SecretsManagerResponse._determine_resource = secret_resource

    authorize = ActionAuthenticatorMixin._authenticate_and_authorize_action

    # DynamoDB and Secrets Manager speak JSON: their SDKs read the error code from "__type"
    # (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
    json_errors = {"AccessDenied": "AccessDeniedException", "SignatureDoesNotMatch": "InvalidSignatureException",
                   "InvalidClientTokenId": "UnrecognizedClientException"}

    def authorize_signed(self, iam_request_cls, resource):
        try:
            authorize(self, iam_request_cls, resource)
        except RESTError as error:
            if self.service_name not in ("dynamodb", "secretsmanager") or error.error_type not in json_errors:
                raise
            raise JsonRESTError(json_errors[error.error_type], error.message) from error

    def authorize_presigned(self, iam_request_cls, resource="*"):
        if "Authorization" in self.headers:
            return authorize_signed(self, iam_request_cls, resource)
        # A presigned URL: the gateway verified its signature; its key's policies decide.
        key_id, _ = _credential_key_id({"QUERY_STRING": self.uri.partition("?")[2]})
        action = "%s:%s" % (self.service_name, self._get_action())
        if key_id is not None and iam.allows(key_id, action, resource):
            return
        if iam_request_cls is S3IAMRequest:
            raise S3AccessDeniedError()
        raise AccessDeniedError(user_arn="anonymous", action=action)

    ActionAuthenticatorMixin._authenticate_and_authorize_action = authorize_presigned

    def middleware(environ, start_response):
        method = environ["REQUEST_METHOD"]
        if environ.get("PATH_INFO") == "/_local/iam/users" and method == "POST":
            body = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            iam.add_user(body["userName"], body["accessKeyId"], body["secretAccessKey"], body["policies"])
            start_response("204 No Content", [])
            return [b""]
        key_id, service = _credential_key_id(environ)
        segments = environ.get("PATH_INFO", "").lstrip("/").split("/", 1)
        if method not in ("GET", "HEAD") or service != "s3" or len(segments) < 2 or not segments[1]:
            return app(environ, start_response)
        answered = {}

        def hold(status, headers, exc_info=None):
            answered.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None

        body = app(environ, hold)
        if not answered["status"].startswith("404") or iam.allows(key_id, "s3:ListBucket",
                                                                    "arn:aws:s3:::" + segments[0]):
            start_response(answered["status"], answered["headers"], answered["exc_info"])
            return body
        if hasattr(body, "close"):
            body.close()
        denied = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
                  b"<Message>Access Denied</Message></Error>")
        start_response("403 Forbidden", [("Content-Type", "application/xml"),
                                         ("Content-Length", "0" if method == "HEAD" else str(len(denied)))])
        return [b"" if method == "HEAD" else denied]

    return middleware


def main():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    speed_up_dynamodb()
    make_dynamodb_writes_atomic()
    fix_empty_object_tagging()
    # One line per request at INFO would flood the stack's log; warnings and errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = DomainDispatcherApplication(create_backend_app)
    admin_key = os.environ.get("MOTO_LOCAL_ADMIN_KEY")
    if admin_key:
        admin_key_id, _, admin_secret = admin_key.partition(":")
        app = enforce_iam(app, os.environ["MOTO_ACCOUNT_ID"], admin_key_id, admin_secret)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, name="moto-server", daemon=True).start()
    print("moto-ready port=%d" % server.server_port, flush=True)
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (KeyboardInterrupt, OSError):
        pass
    os._exit(0)


if __name__ == "__main__":
    # Ctrl-C reaches the whole foreground process group: leave quietly rather than with a traceback.
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(0))
    signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(0))
    main()
