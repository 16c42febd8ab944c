"""Frame agent, run inside a namespace (ip netns exec NS python3 ndagent.py
IFACE): one JSON request per stdin line

  {"send": [hex frame, ...], "window": seconds, "from_mac": "aa:..",
   "stop_type": ICMPv6 type or null}

drains what was queued, sends the frames on IFACE through an AF_PACKET
socket, then returns {"rx": [[t, hex], ...]}: the IPv6 frames with Ethernet
source from_mac received on IFACE within the window (t: seconds after the
send), ending early after an ICMPv6 message of stop_type. Frames this socket
or the kernel sent (PACKET_OUTGOING) are not reported. Stdlib only.
"""
import json
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def main():
    ifname = sys.argv[1]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((ifname, 0))
    s.setblocking(False)
    out = sys.stdout
    out.write(json.dumps({"ok": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        want = bytes(int(x, 16) for x in req["from_mac"].split(":"))
        while True:  # drain
            try:
                s.recvfrom(65535)
            except BlockingIOError:
                break
        t0 = time.monotonic()
        for h in req["send"]:
            s.send(bytes.fromhex(h))
        rx = []
        deadline = t0 + float(req["window"])
        stop = req.get("stop_type")
        done = False
        while not done:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([s], [], [], left)
            if not r:
                continue
            while True:
                try:
                    data, addr = s.recvfrom(65535)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                if data[6:12] != want or data[12:14] != b"\x86\xdd":
                    continue
                rx.append([round(time.monotonic() - t0, 4), data.hex()])
                if (stop is not None and len(data) >= 58 and data[20] == 58
                        and data[54] == stop):
                    done = True
        out.write(json.dumps({"rx": rx}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
