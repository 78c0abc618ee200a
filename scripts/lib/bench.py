#!/usr/bin/env python3
"""Seeds a large database, starts the server and measures the API with wrk.
Called by scripts/bench; prints a Markdown table (paste it into docs/PERFORMANCE.md)."""
import argparse, json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request

p = argparse.ArgumentParser()
p.add_argument("--binary", required=True)
p.add_argument("--persons", type=int, default=100_000)
p.add_argument("--database", help="postgres://... (default: a new SQLite file)")
p.add_argument("--duration", type=int, default=10)
p.add_argument("--existing", help="an SQLite file seeded before (skips seeding)")
p.add_argument("--only", help="run only the cases whose name contains this text")
args = p.parse_args()

tmp = tempfile.mkdtemp(prefix="welfare-bench-")
db = args.database or f"sqlite:{args.existing or tmp + '/bench.sqlite'}"
env = dict(os.environ, WELFARE_DATA=tmp, WELFARE_DATABASE=db, WELFARE_LOG_LEVEL="warning")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

print(f"seeding {args.persons} persons into {db} ...", flush=True)
t0 = time.time()
if not args.existing: subprocess.run([args.binary, "prep", "--demo", "--scale", str(args.persons)], env=env, check=True, cwd=root, stdout=subprocess.DEVNULL)
seeding = time.time() - t0

port = free_port()
base = f"http://127.0.0.1:{port}"
t0 = time.time()
server = subprocess.Popen([args.binary, "serve", "--port", str(port)], env=env, cwd=root, stdout=subprocess.DEVNULL)
while True:
    try:
        urllib.request.urlopen(base + "/healthz", timeout=1).read(); break
    except Exception:
        if time.time() - t0 > 30: sys.exit("server did not start")
        time.sleep(0.005)
cold = time.time() - t0

def login(user):
    req = urllib.request.Request(base + "/auth/login", data=json.dumps({"username": user, "password": "1234"}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})  # a login is JSON (login CSRF)
    return urllib.request.urlopen(req).headers["Set-Cookie"].split(";")[0]

cookie = login("robin")
agent = login("alicia")  # an integration agent: "My clients" are hers (a third of all clients at scale)
social = login("judith")  # a social agent with a few dozen clients

def get(path, who=None):
    r = urllib.request.Request(base + path, headers={"Cookie": who or cookie})
    return json.loads(urllib.request.urlopen(r).read())

first = get("/api/tables/contacts.Persons/rows?limit=25&sort=name")
total, some_id = first["total"], first["rows"][12]["id"]
word = first["rows"][3]["name"].split()[0][:5].lower()
cases = [
    ("grid page (25 rows, sorted by name)", "/api/tables/contacts.Persons/rows?offset=25&limit=25&sort=name"),
    (f"quick search '{word}'", f"/api/tables/contacts.Persons/rows?limit=25&sort=name&q={word}"),
    ("detail with navigation", f"/api/tables/contacts.Persons/rows/{some_id}?sort=name&index=12"),
    ("table metadata", "/api/tables/contacts.Persons"),
    ("place combo 'Eu' (starts-with first)", "/api/tables/contacts.Persons/choices/city?q=Eu&ctx.country=BE"),
    (f"person combo '{word}' (starts-with first)", f"/api/tables/contacts.RolesByCompany/choices/person?q={word}"),
]
# The social core: clients with their parameter panel, colours and computed columns
# (age, address, coaches, primary coach), an agent's own clients, a client's detail and
# its summary panels, the quick search on a surname.
clients = get("/api/tables/pcsw.Clients/rows?limit=25&sort=name")
client_id = clients["rows"][12]["id"]
surname = clients["rows"][5]["name"].split()[0].lower()
# A surname at the end of the alphabet: its matches come last along the sort order.
late = get("/api/tables/pcsw.Clients/rows?limit=25&sort=-name")["rows"][5]["name"].split()[0].lower()
mine = get("/api/tables/pcsw.MyClients/rows?limit=25", agent)
few = get("/api/tables/pcsw.MyClients/rows?limit=25", social)
cases += [
    ("clients grid page (params, colours, coaches)", "/api/tables/pcsw.Clients/rows?offset=25&limit=25&sort=name"),
    (f"my clients (alicia: {mine['total']})", "/api/tables/pcsw.MyClients/rows?limit=25", agent),
    (f"my clients, page 3 (alicia)", "/api/tables/pcsw.MyClients/rows?offset=50&limit=25", agent),
    (f"my clients (judith: {few['total']})", "/api/tables/pcsw.MyClients/rows?limit=25", social),
    ("my client's detail with navigation (alicia)", f"/api/tables/pcsw.MyClients/rows/{mine['rows'][12]['id']}?index=12", agent),
    ("client detail with navigation", f"/api/tables/pcsw.Clients/rows/{client_id}?sort=name&index=12"),
    ("client summary panel (important notes)", f"/api/tables/notes.ImportantNotesByClient/summary?mk={client_id}"),
    (f"clients quick search '{surname}'", f"/api/tables/pcsw.Clients/rows?limit=25&sort=name&q={surname}"),
    (f"clients quick search '{late}' (late in the order)", f"/api/tables/pcsw.Clients/rows?limit=25&sort=name&q={late}"),
]
cases = [c if len(c) == 3 else (c[0], c[1], cookie) for c in cases]
for _, path, who in cases: get(path, who)  # warm up, and fail early on errors

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def rss_mb(pid, field="VmRSS"):
    """Resident memory in MB; RssFile is the part that maps files (SQLite maps
    the database: those pages are the kernel's page cache, shared and reclaimable)."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"): return int(line.split()[1]) / 1024
    return 0

def unit_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m: return float("nan")
    v, u = float(m.group(1)), m.group(2)
    return {"us": v / 1000, "ms": v, "s": v * 1000, "m": v * 60000}[u]

import atexit
atexit.register(lambda: server.poll() is None and server.terminate())  # never leave the server behind

rows = []
for name, path, who in cases:
    if args.only and args.only not in name: continue
    for conns in (1, 8):
        c0 = cpu_seconds(server.pid)
        out = subprocess.run(["wrk", "-t", str(min(conns, 2)), "-c", str(conns), "-d", f"{args.duration}s", "--latency",
                              "-H", f"Cookie: {who}", base + path], capture_output=True, text=True, check=True).stdout
        cpu = cpu_seconds(server.pid) - c0
        reqs = int(re.search(r"(\d+) requests in", out).group(1))
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = unit_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
        p99 = unit_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
        if p50 != p50 or p99 != p99: print(out, file=sys.stderr)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        rows.append((name, conns, rps, p50, p99, cpu * 1000 / max(reqs, 1), errors.group(1) if errors else "0"))
        print(f"  {name}, {conns} conn: {rps:.0f} req/s", flush=True)

rss = rss_mb(server.pid)
rss_file = rss_mb(server.pid, "RssFile")
rss_anon = rss_mb(server.pid, "RssAnon")
server.terminate(); server.wait(timeout=10)
print()
print(f"Database: {db.split(':')[0]}, {total} persons shown in the grid ({args.persons} seeded), {os.cpu_count()} cores, wrk {args.duration} s per line")
print()
print("| request | conns | req/s | p50 ms | p99 ms | server CPU ms/req | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]:.0f} | {r[3]:.2f} | {r[4]:.2f} | {r[5]:.3f} | {r[6]} |")
print()
print(f"| seeding {args.persons} persons | cold start to first answer | server RSS after the runs | of which own memory (RssAnon) | of which mapped files (RssFile: binary, libraries, the database) |")
print("|---:|---:|---:|---:|---:|")
print(f"| {seeding:.1f} s | {cold*1000:.0f} ms | {rss:.0f} MB | {rss_anon:.0f} MB | {rss_file:.0f} MB |")
shutil.rmtree(tmp, ignore_errors=True)
