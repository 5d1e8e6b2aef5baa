"""Sends N self-referrals at the same moment, each from its own browser
(cookies, CSRF token, form token) and its own address (X-Forwarded-For; the
server runs with --behind-proxy so the per-address limit is per person),
then sends a tenth of them again, as a double click would. Prints how many
got a confirmation, the references, and the slowest; the bench script
then checks the database. Usage: referral-burst.py BASE N OUT"""
import http.cookiejar
import json
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

base, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
start = threading.Barrier(n)
results = [None] * n


def refer(i):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    address = f"198.51.{i // 250}.{i % 250 + 1}"
    opener.addheaders = [("X-Forwarded-For", address)]
    page = opener.open(f"{base}/get-help/refer-yourself").read().decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]{48})"', page).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        [
            ("csrf", csrf),
            ("step", "check"),
            ("go", "send"),
            ("form_token", token),
            ("name", f"Burst Person {i}"),
            ("phone", "020 7946 0888"),
            ("contact_methods", "phone"),
            ("consent", "yes"),
        ]
    ).encode()
    start.wait()
    t = time.monotonic()
    try:
        resp = opener.open(f"{base}/get-help/refer-yourself", form)
        body, status = resp.read().decode(), resp.status
    except urllib.error.HTTPError as e:
        body, status = e.read().decode(), e.code
    took = time.monotonic() - t
    found = re.search(r"K[A-Z]-[0-9A-Z]{5}", body)
    again = None
    if i % 10 == 0:
        try:
            again_body = opener.open(f"{base}/get-help/refer-yourself", form).read().decode()
            m = re.search(r"K[A-Z]-[0-9A-Z]{5}", again_body)
            again = m.group(0) if m else None
        except urllib.error.HTTPError as e:
            again = f"HTTP {e.code}"
    results[i] = {"status": status, "reference": found.group(0) if found else None, "ms": took * 1000, "again": again}


threads = [threading.Thread(target=refer, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
ok = [r for r in results if r and r["status"] == 200 and r["reference"]]
resent = [r for r in results if r and r["again"] is not None]
same = [r for r in resent if r["again"] == r["reference"]]
refs = [r["reference"] for r in ok]
print(
    f"burst: {len(ok)}/{n} confirmed with a reference, {len(set(refs))} distinct; "
    f"{len(same)}/{len(resent)} sent twice got their first reference back; "
    f"slowest {max(r['ms'] for r in results if r):.0f} ms, statuses {sorted(set(r['status'] for r in results if r))}"
)
with open(out, "w") as f:
    json.dump(refs, f)
