"""Signs 50 accounts (bench1..N@example.org, made by scripts/bench-signin)
in at the same moment, each with its own cookies and CSRF token, and prints
how many succeeded and how long the slowest took."""
import http.cookiejar
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

base, n = sys.argv[1], int(sys.argv[2])
start = threading.Barrier(n)
results = []


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(i):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrf" value="([0-9a-f]{48})"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrf": token, "email": f"bench{i}@example.org", "password": f"bench password {i}"}
    ).encode()
    start.wait()
    t = time.monotonic()
    try:
        status = opener.open(f"{base}/sign-in", form).status
    except urllib.error.HTTPError as e:
        status = e.code
    results.append((status, time.monotonic() - t))


threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(1, n + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
ok = sum(1 for s, _ in results if s == 303)
print(f"sign-ins: {ok}/{n} signed in, slowest {max(d for _, d in results) * 1000:.0f} ms, statuses {sorted(set(s for s, _ in results))}")
