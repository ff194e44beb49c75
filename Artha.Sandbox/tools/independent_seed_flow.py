#!/usr/bin/env python3
# Usage: dotnet run --project Artha.Sandbox --urls http://127.0.0.1:5080  (in another shell), then
#        python3 Artha.Sandbox/tools/independent_seed_flow.py
# Prints every status value it saw and the 401 error code of each broken authentication header.
# Independent check of the standalone sandbox: signs per API reference section 3 with Python's stdlib only.
import base64, hashlib, hmac, json, time, uuid, urllib.request, urllib.error, sys
BASE = "http://127.0.0.1:5080"; KEY = "ak_test_sandbox"; SECRET = b"sk_test_sandbox_secret"
seen = {}
def sign(method, path, body, key=KEY, secret=SECRET, ts=None, nonce=None, body_hash=None, drop=None):
    ts = ts or str(int(time.time())); nonce = nonce or uuid.uuid4().hex
    bh = body_hash or base64.b64encode(hashlib.sha256(body).digest()).decode()
    sts = f"{method}\n{path}\n{ts}\n{nonce}\n{bh}"
    sig = base64.b64encode(hmac.new(secret, sts.encode(), hashlib.sha256).digest()).decode()
    h = {"X-API-Key": key, "X-Timestamp": ts, "X-Nonce": nonce, "X-Body-Hash": bh, "X-Signature": sig, "Content-Type": "application/json"}
    if drop: del h[drop]
    return h
def call(method, path, payload=None, **kw):
    body = b"" if payload is None else json.dumps(payload, separators=(",", ":")).encode()
    req = urllib.request.Request(BASE + path, data=body if payload is not None else None, method=method, headers=sign(method, path, body, **kw))
    try:
        with urllib.request.urlopen(req) as r: return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b"null")
def note(kind, value): seen.setdefault(kind, set()).add(str(value).lower().replace("_", ""))
def poll(path, field, until, limit=20):
    for _ in range(limit * 5):
        s, b = call("GET", path); note(path.split("/")[3], b[field]) if s == 200 else None
        if s == 200 and str(b[field]).lower().replace("_","") in until: return b
        time.sleep(0.2)
    raise SystemExit(f"timeout polling {path}")
s, products = call("GET", "/api/v1/Products"); assert s == 200, s
virtual = next(p for p in products["data"] if (p.get("cardType") or p.get("type")) == "virtual")
physical = next(p for p in products["data"] if (p.get("cardType") or p.get("type")) == "physical")
def onboard(last, email_tag="", product=virtual, expect={"approved", "rejected"}):
    s, c = call("POST", "/api/v1/customers", {"type": "individual", "firstName": "Ada", "lastName": last, "email": f"ada.{uuid.uuid4().hex[:8]}{email_tag}@example.com",
        "phoneCode": "+44", "phoneNumber": "7700900123", "country": "GB", "dateOfBirth": "1990-06-15", "gender": "female"})
    assert s == 201, (s, c); cid = c.get("customerId") or c["id"]
    kyc = {"customerId": cid, "firstName": "Ada", "lastName": last, "gender": "female", "dob": "1990-06-15", "email": "a@example.com", "mobileCode": "+44", "mobile": "7700900123",
           "addressLine1": "1 High St", "city": "London", "state": "LDN", "postalCode": "N1 1AA", "country": "GB", "town": "London", "idType": "passport", "idNumber": "123456789",
           "profilePicFront": "https://files/x", "profilePicBack": "https://files/y", "docExpiryDate": "2030-01-01", "docIssueDate": "2020-01-01", "faceImage": "https://files/f", "signature": "https://files/s", "biometric": "https://files/b"}
    s, b = call("POST", f"/api/v1/customers/{cid}/products/{product['productId']}/applicant", {"kycDetails": kyc}); assert s in (200, 201, 202), (s, b)
    note("kyc", b.get("applicantStatus"))
    return cid, poll(f"/api/v1/customers/{cid}/products/{product['productId']}/applicantstatus", "applicantStatus", expect)
cid, st = onboard("Lovelace"); assert st["applicantStatus"].lower() == "approved"
s, card = call("POST", "/api/v1/cards", {"customerId": cid, "productId": virtual["productId"], "cardType": "virtual", "currency": virtual["currency"]}); assert s == 201, (s, card)
card_id = card.get("cardId") or card["id"]; note("state", card["state"]); note("status", card["status"])
card = poll(f"/api/v1/card/{card_id}", "state", {"active"}); note("status", card["status"])
s, t = call("POST", f"/api/v1/cards/{card_id}/topup", {"amount": 50.0, "currency": virtual["currency"]}); assert s == 202, (s, t); note("topupstatus", t["status"])
poll(f"/api/v1/topupstatus/{t['transactionId']}", "status", {"approved"})
s, t2 = call("POST", f"/api/v1/cards/{card_id}/topup", {"amount": 10.13, "currency": virtual["currency"]}); poll(f"/api/v1/topupstatus/{t2['transactionId']}", "status", {"rejected"})
s, b = call("POST", f"/api/v1/cards/{card_id}/freeze", {}); s, c = call("GET", f"/api/v1/card/{card_id}"); note("status", c["status"])
s, b = call("POST", f"/api/v1/cards/{card_id}/cancel", {"reason": "lost"}); s, c = call("GET", f"/api/v1/card/{card_id}"); note("status", c["status"])
_, st = onboard("Reject"); print("rejected remarks:", st.get("remarks"))
cid_r, _ = onboard("Review", expect={"underreview"})
cid_f, _ = onboard("Failcase", "+cardfail")
s, card = call("POST", "/api/v1/cards", {"customerId": cid_f, "productId": virtual["productId"], "cardType": "virtual", "currency": virtual["currency"]}); poll(f"/api/v1/card/{card.get('cardId') or card['id']}", "state", {"failed"})
cid_p, _ = onboard("Physical", product=physical)
s, pc = call("POST", "/api/v1/cards", {"customerId": cid_p, "productId": physical["productId"], "cardType": "physical", "currency": physical["currency"],
    "shippingAddress": {"addressLine1": "1 High St", "city": "Berlin", "postalCode": "10115", "country": "DE", "state": "BE"}}); assert s == 201, (s, pc)
pcard = poll(f"/api/v1/card/{pc.get('cardId') or pc['id']}", "state", {"active"}); note("status", pcard["status"])
print("statuses seen:", {k: sorted(v) for k, v in seen.items()})
for case, kw in {"missing header": {"drop": "X-Nonce"}, "unknown key": {"key": "ak_nope"}, "stale timestamp": {"ts": str(int(time.time()) - 1000)},
                 "wrong body hash": {"body_hash": base64.b64encode(hashlib.sha256(b"x").digest()).decode()}, "wrong signature": {"secret": b"wrong"}}.items():
    s, b = call("GET", "/api/v1/Products", **kw); print(f"{case}: {s} {b['error']['code']}")
n = uuid.uuid4().hex; call("GET", "/api/v1/Products", nonce=n); s, b = call("GET", "/api/v1/Products", nonce=n); print(f"reused nonce: {s} {b['error']['code']}")
