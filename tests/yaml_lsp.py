#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small LSP client of yaml-language-server, for tests/test_keys.c.

  yaml_lsp.py SERVER SCHEMA diag FILE...          a line "FILE N L1 L2 ..." each:
                                                  N diagnostics, their 1-based lines
  yaml_lsp.py SERVER SCHEMA complete FILE LINE COL  the completion's labels, a line each
  yaml_lsp.py SERVER SCHEMA hover FILE LINE COL     the hover's text
  yaml_lsp.py SERVER SCHEMA QUERY + QUERY + ...    several of those (each QUERY a
                                                  verb and its arguments) asked of
                                                  one server, each answer after a
                                                  line "@@ K" (K from 0)

Several queries share one start of the server (node and the server's code:
about 0.6 s of CPU a start); each is answered for its own file and position,
its answer apart from the others'.
SERVER is yaml-language-server's bin (run with node, over stdio); SCHEMA the
JSON Schema associated to every file through the `yaml.schemas` setting
(workspace/didChangeConfiguration), or "-": none but a file's own
`# yaml-language-server: $schema=` line. LINE and COL are 1-based. JSON-RPC with
Content-Length framing (the LSP base protocol)."""

import json
import os
import subprocess
import sys
import time


class Server:
    def __init__(self, server, schema):
        self.p = subprocess.Popen(["node", server, "--stdio"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.diagnostics = {}  # uri -> list of the last publication
        self.published = {}    # uri -> how many publications
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": None,
            "capabilities": {"workspace": {"configuration": True}, "textDocument": {
                "completion": {"completionItem": {"snippetSupport": False}},
                "hover": {"contentFormat": ["plaintext", "markdown"]},
                "publishDiagnostics": {}}}})
        self.notify("initialized", {})
        # The server pulls its settings (workspace/configuration) when told
        # they changed: `yaml.schemas` maps the schema's URI to the files' glob.
        # SCHEMA "-": none, a file's modeline gives its own.
        self.settings = {"yaml": {
            "validate": True, "completion": True, "hover": True,
            "schemaStore": {"enable": False},
            "schemas": {} if schema == "-" else
                       {"file://" + os.path.abspath(schema): "*.yaml"}}}
        self.configured = False
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        while not self.configured:
            self.read()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("yaml_lsp: the server ended")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        msg = json.loads(self.p.stdout.read(length))
        if msg.get("method") == "textDocument/publishDiagnostics":
            uri = msg["params"]["uri"]
            self.diagnostics[uri] = msg["params"]["diagnostics"]
            self.published[uri] = self.published.get(uri, 0) + 1
        elif "method" in msg and "id" in msg:  # a request of the server's
            result = None
            if msg["method"] == "workspace/configuration":
                result = [self.settings.get(i.get("section")) for i in msg["params"]["items"]]
                self.configured = True
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        return msg

    def request(self, method, params, tolerate=False):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg and not tolerate:
                    raise SystemExit("yaml_lsp: %s: %s" % (method, msg["error"]))
                return msg.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, path):
        uri = "file://" + os.path.abspath(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    def diagnose(self, path):
        uri = self.open(path)
        # The server publishes once validation is done; a request answered
        # after it (it answers in order) flushes a publication in flight.
        deadline = time.time() + 30
        while uri not in self.published and time.time() < deadline:
            self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                "position": {"line": 0, "character": 0}},
                         tolerate=True)
            if uri not in self.published:
                time.sleep(0.05)
        if uri not in self.published:
            raise SystemExit("yaml_lsp: no diagnostics published for " + path)
        return self.diagnostics[uri]

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()


def text_of(contents):
    if isinstance(contents, str):
        return contents
    if isinstance(contents, list):
        return "\n".join(text_of(c) for c in contents)
    if isinstance(contents, dict):
        return contents.get("value", "")
    return ""


def answer(s, verb, args):
    if verb == "diag":
        for f in args:
            d = s.diagnose(f)
            print(f, len(d), *[x["range"]["start"]["line"] + 1 for x in d])
            for x in d[:5]:
                print("   ", x["range"]["start"]["line"] + 1, x["message"][:200].replace("\n", " "))
        return
    if len(args) != 3:
        raise SystemExit("yaml_lsp: %s takes FILE LINE COL" % verb)
    f, line, col = args[0], int(args[1]) - 1, int(args[2]) - 1
    uri = s.open(f)
    s.diagnose(f)
    pos = {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}
    if verb == "complete":
        r = s.request("textDocument/completion", pos) or {}
        for item in (r.get("items", []) if isinstance(r, dict) else r):
            print(item["label"])
    elif verb == "hover":
        r = s.request("textDocument/hover", pos)
        print(text_of(r["contents"]) if r else "")
    else:
        raise SystemExit("yaml_lsp: no verb " + verb)


def main():
    server, schema = sys.argv[1:3]
    queries = [[]]
    for a in sys.argv[3:]:
        if a == "+":
            queries.append([])
        else:
            queries[-1].append(a)
    if any(not q for q in queries):
        raise SystemExit("yaml_lsp: an empty query")
    s = Server(server, schema)
    try:
        for k, q in enumerate(queries):
            if len(queries) > 1:
                print("@@", k)
            answer(s, q[0], q[1:])
    finally:
        s.close()


if __name__ == "__main__":
    main()
