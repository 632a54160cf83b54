"""moto server as a child process of the offline stack's JVM.

Serves every moto service on 127.0.0.1 at a port the OS picks, prints "moto-ready port=N" once it listens, and
exits as soon as its standard input reaches end of file: the JVM holds the only write end of that pipe, and the
kernel closes it when the JVM ends in any way (normal exit, Ctrl-C, kill -9), so the server never outlives the stack.
Run as: python -c "$(cat moto_child.py)" --parent-pid PID (the argument only names the owner in process listings).
"""
import logging
import os
import signal
import sys
import threading


def main():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

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
