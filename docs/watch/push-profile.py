#!/usr/bin/env python3
"""Push recorded goroutine profiles to `goroscope watch --push` as Grafana Alloy's pyroscope.write does.

    push-profile.py URL SERVICE POD PROFILE.pb.gz [goroutine|goroutineleak]

One Connect unary request to URL/push.v1.PusherService/Push: a push.v1.PushRequest with one series labelled
__name__, service_name and pod, holding the file's bytes as they are (gzipped pprof). Prints the HTTP status and
the body of an error. No dependencies: the few protobuf fields are encoded here.
"""
import sys
import urllib.error
import urllib.request
import uuid


def varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, payload):
    """A length-delimited field (wire type 2): strings, bytes and messages alike."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def label(name, value):
    return field(1, field(1, name.encode()) + field(2, value.encode()))  # RawProfileSeries.labels: LabelPair{name, value}


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__.strip().splitlines()[2].strip())
    url, service, pod, path = sys.argv[1:5]
    kind = sys.argv[5] if len(sys.argv) == 6 else "goroutine"
    with open(path, "rb") as f:
        raw = f.read()
    sample = field(1, raw) + field(2, str(uuid.uuid4()).encode())  # RawSample{raw_profile, ID}
    series = label("__name__", kind) + label("service_name", service) + label("pod", pod) + field(2, sample)
    request = urllib.request.Request(url.rstrip("/") + "/push.v1.PusherService/Push", data=field(1, series),
                                     headers={"Content-Type": "application/proto"}, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            print(response.status)
    except urllib.error.HTTPError as e:
        print(e.code, e.read().decode())
        sys.exit(1)


if __name__ == "__main__":
    main()
