"""moto server as a child process of the offline stack's JVM.

Serves every moto service on 127.0.0.1 at a port the OS picks, prints "moto-ready port=N" once it listens, and
exits as soon as its standard input reaches end of file: the JVM holds the only write end of that pipe, and the
kernel closes it when the JVM ends in any way (normal exit, Ctrl-C, kill -9), so the server never outlives the stack.
Run as: python -c "$(cat moto_child.py)" --parent-pid PID (the argument only names the owner in process listings).

speed_up_dynamodb() changes how moto's DynamoDB finds items, not what it answers: moto walks every item of a table
for each Query (also one naming a partition key) and compares attribute values through Python-level casts, so a
query's time grows with the table and a 10,000-object run slows to a crawl. The ledger contract tests
(DynamoDbLedgerTest) run against the patched server.
"""
import contextvars
import decimal
import functools
import inspect
import json
import logging
import os
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


def main():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    speed_up_dynamodb()
    make_dynamodb_writes_atomic()
    # One line per request at INFO would flood the stack's log; warnings and errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = DomainDispatcherApplication(create_backend_app)
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
