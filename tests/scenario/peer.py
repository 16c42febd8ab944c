# SPDX-License-Identifier: BSD-2-Clause
"""The peer agent: runs inside a namespace (ip netns exec NS /usr/bin/python3
peer.py IFACE), sends raw frames and kernel UDP datagrams there and reports
the frames a given MAC sends back. Standard library only (no scapy: it
starts in a few milliseconds). topo.py drives it: Agent keeps one running
for a test, Net.peer() runs it for one request.

It prints {"ok": true}, then answers each JSON request line of stdin with
one JSON line, until stdin ends. A request:

  iface      where to send and listen (default: the IFACE argument)
  from_mac   report incoming IPv6 frames with this Ethernet source
  skip_mld   do not report MLD messages (RFC 3810: Hop-by-Hop, then
             ICMPv6 130-132 or 143), which a stack sends as its groups change
  send       [hex frame, ...]: sent first, back to back (AF_PACKET)
  udp        [op, ...]: then kernel UDP sockets, in order; an op is
             {dst, port, scope (ifname or null), payloads: [hex],
              connect: bool, timeout}; each payload is sent, then one
             recv (or recvfrom) waits up to timeout
  outgoing   also report the IPv6 frames this host sent (as "out")
  window     listen this long after the sends and socket ops (default 1)
  stop_types, stop_count, stop_udp_sport
             end the window early once stop_count incoming frames were
             ICMPv6 messages of stop_types (no extension headers) or UDP
             datagrams from port stop_udp_sport ...
  linger     ... and this much longer after that (default 0.2)
  tail       listen this much longer after the window (default 0)

Frames queued before the request are drained first, so that a long-running
agent reports only what follows its sends. The answer:
  {"rx": [[t, hex]], "out": [[t, hex]], "udp": [[result, ...]],
   "send_span": seconds from the first raw send to the end of the last}
with t in seconds from the first send; a result is {"data": hex,
"from": [addr, port], "sport": n} or {"errno": n, "sport": n}.
"""
import errno
import json
import select
import socket
import sys
import threading
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
MLD_TYPES = (130, 131, 132, 143)


def icmp6_type(fr):
    """ICMPv6 type of an IPv6 frame without extension headers, or None."""
    if len(fr) >= 55 and fr[12:14] == b"\x86\xdd" and fr[20] == 58:
        return fr[54]
    return None


def udp_sport(fr):
    if len(fr) >= 62 and fr[12:14] == b"\x86\xdd" and fr[20] == 17:
        return int.from_bytes(fr[54:56], "big")
    return None


def is_mld(fr):
    return (len(fr) > 62 and fr[20] == 0 and fr[54] == 58
            and fr[62] in MLD_TYPES)


class Link:
    """One AF_PACKET socket bound to an interface."""

    def __init__(self, ifname):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                               socket.htons(ETH_P_ALL))
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.s.bind((ifname, 0))

    def drain(self):
        self.s.setblocking(False)
        try:
            while True:
                self.s.recvfrom(65535)
        except BlockingIOError:
            pass
        finally:
            self.s.setblocking(True)


def udp_ops(ops):
    results = []
    for op in ops:
        u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        u.settimeout(op.get("timeout", 2.0))
        dst = (op["dst"], op["port"], 0,
               socket.if_nametoindex(op["scope"]) if op.get("scope") else 0)
        res = []
        if op.get("connect"):
            u.connect(dst)
        for h in op["payloads"]:
            d = bytes.fromhex(h)
            try:
                if op.get("connect"):
                    u.send(d)
                else:
                    u.sendto(d, dst)
                data, frm = u.recvfrom(65535)
                res.append({"data": data.hex(), "from": list(frm[:2]),
                            "sport": u.getsockname()[1]})
            except OSError as e:
                res.append({"errno": e.errno, "sport": u.getsockname()[1]})
        u.close()
        results.append(res)
    return results


def send_retrying(s, frame, tries=100):
    """Send one frame; ENOBUFS (the kernel's per-CPU backlog full, which
    any other veth traffic on the machine can cause) is retried: the frame
    is sent, not lost, or the error stands after about a second."""
    for _ in range(tries - 1):
        try:
            s.send(frame)
            return
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            time.sleep(0.01)
    s.send(frame)


def serve(link, req):
    want = bytes(int(x, 16) for x in req["from_mac"].split(":"))
    s = link.s
    rx, out = [], []
    stop_types = set(req.get("stop_types") or [])
    stop_sport = req.get("stop_udp_sport")
    stop_count = req.get("stop_count")
    state = {"t0": time.monotonic(), "done": False, "hits": 0,
             "hit_at": None}
    lock = threading.Lock()

    def sniff():
        while not state["done"]:
            r, _, _ = select.select([s], [], [], 0.05)
            if not r:
                continue
            data, addr = s.recvfrom(65535)
            t = round(time.monotonic() - state["t0"], 4)
            if data[12:14] != b"\x86\xdd":
                continue
            with lock:
                if addr[2] == PACKET_OUTGOING:
                    if req.get("outgoing"):
                        out.append([t, data.hex()])
                    continue
                if data[6:12] != want:
                    continue
                if req.get("skip_mld") and is_mld(data):
                    continue
                rx.append([t, data.hex()])
                if stop_count and (icmp6_type(data) in stop_types or (
                        stop_sport is not None
                        and udp_sport(data) == stop_sport)):
                    state["hits"] += 1
                    if state["hits"] >= stop_count and not state["hit_at"]:
                        state["hit_at"] = time.monotonic()

    link.drain()
    th = threading.Thread(target=sniff, daemon=True)
    th.start()
    time.sleep(0.02)
    frames = [bytes.fromhex(h) for h in req.get("send", [])]
    state["t0"] = time.monotonic()
    for f in frames:
        send_retrying(s, f)
    send_span = time.monotonic() - state["t0"]
    results = udp_ops(req.get("udp", []))
    end = time.monotonic() + float(req.get("window", 1.0))
    linger = float(req.get("linger", 0.2))
    while time.monotonic() < end:
        if state["hit_at"] and time.monotonic() > state["hit_at"] + linger:
            break
        time.sleep(0.005)
    time.sleep(float(req.get("tail", 0)))
    state["done"] = True
    th.join(1)
    with lock:
        return {"rx": rx, "out": out, "udp": results,
                "send_span": send_span}


def main():
    default_if = sys.argv[1] if len(sys.argv) > 1 else None
    links = {}
    out = sys.stdout
    out.write(json.dumps({"ok": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        ifname = req.get("iface") or default_if
        if ifname not in links:
            links[ifname] = Link(ifname)
        out.write(json.dumps(serve(links[ifname], req)) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
