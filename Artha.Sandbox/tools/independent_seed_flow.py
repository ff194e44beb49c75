#!/usr/bin/env python3
"""Independent, self-checking client for the standalone Artha sandbox (Python standard library only).

It shares no code with Artha.Client or the C# tests: it signs requests itself per API reference section 3 with the
default sandbox credentials, walks the seed flow's seven phases (one line each), reaches every deterministic outcome,
makes sandbox purchases and settles, reverses and refunds them and charges a fee (checking the card balance after each
step), checks the merchant balance refund of a rejected top-up, and breaks each authentication header in turn. It exits
non-zero with a clear message unless every documented status and transaction type value was seen and every broken
header gave 401 with its own error code.

Usage:
    dotnet run --project Artha.Sandbox --urls http://127.0.0.1:5080      # in another shell
    python3 Artha.Sandbox/tools/independent_seed_flow.py
    ARTHA_SANDBOX_URL=http://127.0.0.1:5081 python3 Artha.Sandbox/tools/independent_seed_flow.py
"""
import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal

BASE = os.environ.get("ARTHA_SANDBOX_URL", "http://127.0.0.1:5080").rstrip("/")
KEY = "ak_test_sandbox"
SECRET = b"sk_test_sandbox_secret"
POLL_SECONDS = 30  # the sandbox's default delays are 3 s

# Every status value the reference documents (and the sandbox emits), by where it appears.
EXPECTED = {
    "applicantStatus": {"Pending", "UnderReview", "Approved", "Rejected"},
    "customer kycState": {"not_submitted", "pending", "under_review", "approved", "rejected"},
    "card status": {"inactive", "active", "frozen", "cancelled"},
    "card state": {"pending", "active", "failed"},
    "top-up status": {"pending", "approved", "rejected"},
    "transaction status": {"authorized", "declined", "settled", "reversed"},
    "transaction type": {"purchase", "atm_withdrawal", "refund", "fee", "top_up"},
}
# Each broken header and the 401 error code it must give (all distinct).
EXPECTED_AUTH_CODES = {
    "missing X-Nonce": "MISSING_AUTH_HEADERS",
    "unknown API key": "UNKNOWN_API_KEY",
    "stale timestamp": "TIMESTAMP_OUT_OF_RANGE",
    "wrong body hash": "BODY_HASH_MISMATCH",
    "wrong signature": "INVALID_SIGNATURE",
    "reused nonce": "NONCE_REUSED",
}

seen = {kind: set() for kind in EXPECTED}


def fail(message):
    raise SystemExit(f"FAIL: {message}")


def field(obj, *names, what="response"):
    """The first of names present in obj (e.g. 'cardId' or 'id'); a clear failure when none is."""
    if not isinstance(obj, dict):
        fail(f"{what}: expected a JSON object, got {obj!r}")
    for name in names:
        if name in obj:
            return obj[name]
    fail(f"{what}: none of {', '.join(names)} in {json.dumps(obj, default=str)[:400]}")


def note(kind, value):
    seen[kind].add(value)
    return value


# ------------------------------------------------------------------------------------------------ HTTP and signing

def sign(method, path, body, key=KEY, secret=SECRET, ts=None, nonce=None, body_hash=None, drop=None):
    """The five section-3 headers: HMAC-SHA256 over METHOD\\npath?query\\ntimestamp\\nnonce\\nbase64(sha256(body))."""
    ts = ts or str(int(time.time()))
    nonce = nonce or uuid.uuid4().hex
    bh = body_hash or base64.b64encode(hashlib.sha256(body).digest()).decode()
    string_to_sign = f"{method}\n{path}\n{ts}\n{nonce}\n{bh}"
    signature = base64.b64encode(hmac.new(secret, string_to_sign.encode(), hashlib.sha256).digest()).decode()
    headers = {"X-API-Key": key, "X-Timestamp": ts, "X-Nonce": nonce, "X-Body-Hash": bh, "X-Signature": signature,
               "Content-Type": "application/json"}
    if drop:
        del headers[drop]
    return headers


def send(method, path, payload=None, headers=None):
    body = b"" if payload is None else json.dumps(payload, separators=(",", ":")).encode()
    request = urllib.request.Request(BASE + path, data=body if payload is not None else None, method=method,
                                     headers=headers if headers is not None else {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except urllib.error.URLError as e:
        fail(f"cannot reach the sandbox at {BASE} ({e.reason}); start it or set ARTHA_SANDBOX_URL")
    try:
        return status, json.loads(raw, parse_float=Decimal) if raw else None
    except ValueError:
        fail(f"{method} {path}: {status} with a body that is not JSON: {raw[:200]!r}")


def call(method, path, payload=None, **signing):
    """A signed Artha API call: (status, parsed JSON body)."""
    body = b"" if payload is None else json.dumps(payload, separators=(",", ":")).encode()
    return send(method, path, payload, sign(method, path, body, **signing))


def control(method, path, payload=None):
    """An unsigned /_sandbox control call."""
    return send(method, path, payload)


def expect(status, wanted, body, what):
    if status != wanted:
        fail(f"{what}: expected HTTP {wanted}, got {status}: {json.dumps(body, default=str)[:400]}")
    return body


def poll(path, key, done, what):
    """GETs path until body[key] is one of done; returns (body, number of polls)."""
    deadline = time.time() + POLL_SECONDS
    polls = 0
    while True:
        polls += 1
        status, body = call("GET", path)
        expect(status, 200, body, what)
        value = field(body, key, what=what)
        if value in done:
            return body, polls
        if time.time() > deadline:
            fail(f"{what}: {key} still {value!r} after {POLL_SECONDS} s (waiting for {sorted(done)})")
        time.sleep(0.2)


# ------------------------------------------------------------------------------------------------ flow pieces

def create_customer(last_name, email_tag=""):
    status, customer = call("POST", "/api/v1/customers", {
        "type": "individual", "firstName": "Ada", "lastName": last_name,
        "email": f"ada.{uuid.uuid4().hex[:10]}{email_tag}@example.com", "phoneCode": "+44", "phoneNumber": "7700900123",
        "country": "GB", "dateOfBirth": "1990-06-15", "gender": "female"})
    expect(status, 201, customer, f"create customer {last_name}")
    return field(customer, "customerId", "id", what="create customer"), customer


def customer_kyc_state(customer_id):
    status, customer = call("GET", f"/api/v1/customers/{customer_id}")
    expect(status, 200, customer, "get customer")
    return note("customer kycState", field(customer, "kycState", "kyc_state", what="get customer"))


def kyc_details(customer_id, last_name):
    # Enough fields for every default product's requirement codes (FullName, Comms, FullAddress, Passport, Face, ...).
    return {"kycDetails": {
        "customerId": customer_id, "firstName": "Ada", "lastName": last_name, "gender": "female", "dob": "1990-06-15",
        "email": "ada@example.com", "mobileCode": "+44", "mobile": "7700900123", "addressLine1": "1 High St",
        "city": "London", "state": "LDN", "postalCode": "N1 1AA", "country": "GB", "idType": "passport",
        "idNumber": "123456789", "profilePicFront": "https://files.example/front.jpg",
        "profilePicBack": "https://files.example/back.jpg", "docExpiryDate": "2030-01-01", "docIssueDate": "2020-01-01",
        "faceImage": "https://files.example/face.jpg", "signature": "https://files.example/sign.jpg",
        "biometric": "https://files.example/bio.jpg"}}


def submit_kyc(customer_id, product, last_name):
    path = f"/api/v1/customers/{customer_id}/products/{product['productId']}/applicant"
    status, body = call("POST", path, kyc_details(customer_id, last_name))
    expect(status, 200, body, f"submit KYC for {last_name}")
    return note("applicantStatus", field(body, "applicantStatus", what="submit KYC"))


def poll_kyc(customer_id, product, done, what):
    path = f"/api/v1/customers/{customer_id}/products/{product['productId']}/applicantstatus"
    body, polls = poll(path, "applicantStatus", done, what)
    note("applicantStatus", body["applicantStatus"])
    return body, polls


def onboard(last_name, product, done=("Approved",), email_tag=""):
    customer_id, _ = create_customer(last_name, email_tag)
    submit_kyc(customer_id, product, last_name)
    body, _ = poll_kyc(customer_id, product, set(done), f"KYC of {last_name}")
    customer_kyc_state(customer_id)
    return customer_id, body


def issue_card(customer_id, product, **extra):
    status, card = call("POST", "/api/v1/cards", {"customerId": customer_id, "productId": product["productId"],
                                                  "currency": product["currency"], **extra})
    expect(status, 201, card, "issue card")
    note("card state", field(card, "state", what="issue card"))
    note("card status", field(card, "status", what="issue card"))
    return field(card, "cardId", "id", what="issue card"), card


def poll_card(card_id, done, what):
    card, polls = poll(f"/api/v1/card/{card_id}", "state", set(done), what)
    note("card state", card["state"])
    note("card status", field(card, "status", what=what))
    return card, polls


def card_status(card_id):
    status, card = call("GET", f"/api/v1/card/{card_id}")
    expect(status, 200, card, "get card")
    return note("card status", field(card, "status", what="get card"))


def top_up(card_id, amount, currency):
    status, topup = call("POST", f"/api/v1/cards/{card_id}/topup", {"amount": float(amount), "currency": currency})
    expect(status, 202, topup, f"top up {amount}")
    note("top-up status", field(topup, "status", what="top up"))
    return field(topup, "transactionId", "topupId", "id", what="top up"), topup


def poll_top_up(topup_id, what):
    body, polls = poll(f"/api/v1/topupstatus/{topup_id}", "status", {"approved", "rejected"}, what)
    note("top-up status", body["status"])
    return body, polls


def merchant_balance(currency):
    status, body = control("GET", "/_sandbox/merchant-balance")
    expect(status, 200, body, "merchant balance")
    for entry in field(body, "balances", what="merchant balance"):
        if field(entry, "currency", what="merchant balance entry") == currency:
            return Decimal(str(field(entry, "available", what="merchant balance entry")))
    fail(f"merchant balance: no {currency} entry in {body}")


def transaction_statuses(card_id):
    status, page = call("GET", f"/api/v1/cards/{card_id}/transactions?limit=100")
    expect(status, 200, page, "card transactions")
    for t in field(page, "data", what="card transactions"):
        note("transaction status", field(t, "status", what="transaction"))
        note("transaction type", field(t, "type", what="transaction"))
    return page


def note_transaction(t, what):
    note("transaction status", field(t, "status", what=what))
    note("transaction type", field(t, "type", what=what))
    return t


def purchase(card_id, amount, currency, merchant, mcc):
    status, t = control("POST", f"/_sandbox/cards/{card_id}/purchases",
                        {"amount": float(amount), "currency": currency, "merchantName": merchant, "mcc": mcc})
    expect(status, 201, t, f"purchase {amount}")
    return note_transaction(t, "purchase")


def check_balance(card_id, available, hold, what):
    """The balance endpoint shows the expected available/hold and total = available + hold."""
    status, balance = call("GET", f"/api/v1/cards/{card_id}/balance")
    expect(status, 200, balance, f"card balance {what}")
    got = tuple(Decimal(str(field(balance, name, what="card balance")))
                for name in ("availableBalance", "holdAmount", "totalBalance"))
    wanted = (Decimal(available), Decimal(hold), Decimal(available) + Decimal(hold))
    if got != wanted:
        fail(f"card balance {what}: available/hold/total {got}, expected {wanted}")
    return got


def expect_error(status, body, wanted_status, wanted_code, what):
    if status != wanted_status:
        fail(f"{what}: expected HTTP {wanted_status}, got {status}: {json.dumps(body, default=str)[:400]}")
    error = field(body, "error", what=f"{what} error body")
    code = field(error, "code", what=f"{what} error body")
    field(error, "message", what=f"{what} error body")
    field(body, "request_id", what=f"{what} error body")
    if code != wanted_code:
        fail(f"{what}: expected error code {wanted_code}, got {code}")
    return code


def filtered(card_id, query):
    status, page = call("GET", f"/api/v1/cards/{card_id}/transactions?{query}")
    expect(status, 200, page, f"card transactions ?{query}")
    return field(page, "data", what=f"card transactions ?{query}")


# ------------------------------------------------------------------------------------------------ main

def main():
    print(f"sandbox: {BASE}")
    status, products = call("GET", "/api/v1/Products")
    expect(status, 200, products, "list products")
    by_type = {}  # the first individual product of each card type, in catalogue order
    for p in field(products, "data", what="list products"):
        if field(p, "customerType", what="product") == "individual":
            by_type.setdefault(field(p, "cardType", "type", what="product").lower(), p)
    virtual, physical = by_type.get("virtual"), by_type.get("physical")
    if not virtual or not physical:
        fail(f"need an individual virtual and physical product, got {sorted(by_type)}")
    currency = virtual["currency"]

    # ---- the seed flow, one line per phase
    customer_id, customer = create_customer("Lovelace")
    note("customer kycState", field(customer, "kycState", what="create customer"))
    print(f"phase 1 create customer: 201 id={customer_id} kycState={customer['kycState']}")

    before, _ = poll_kyc(customer_id, virtual, {"UnderReview"}, "applicant status before submission")
    applicant = submit_kyc(customer_id, virtual, "Lovelace")
    print(f"phase 2 submit KYC applicant: 200 applicantStatus={applicant} (before: {before['applicantStatus']}, "
          f"customer kycState={customer_kyc_state(customer_id)})")

    kyc, polls = poll_kyc(customer_id, virtual, {"Approved", "Rejected"}, "phase 3")
    if kyc["applicantStatus"] != "Approved":
        fail(f"phase 3: expected Approved, got {kyc['applicantStatus']} ({kyc.get('remarks')})")
    print(f"phase 3 poll applicant status: Approved after {polls} polls (customer kycState={customer_kyc_state(customer_id)})")

    card_id, card = issue_card(customer_id, virtual)
    print(f"phase 4 issue card: 201 id={card_id} state={card['state']} status={card['status']}")

    card, polls = poll_card(card_id, {"active", "failed"}, "phase 5")
    if card["state"] != "active":
        fail(f"phase 5: card state {card['state']} ({card.get('failureReason')})")
    print(f"phase 5 poll card: state=active status={card['status']} after {polls} polls")

    topup_id, topup = top_up(card_id, Decimal("50.00"), currency)
    print(f"phase 6 top up 50.00 {currency}: 202 topupId={topup_id} status={topup['status']}")

    result, polls = poll_top_up(topup_id, "phase 7")
    if result["status"] != "approved":
        fail(f"phase 7: top-up {result['status']} ({result.get('remarks')})")
    status, balance = call("GET", f"/api/v1/cards/{card_id}/balance")
    expect(status, 200, balance, "card balance")
    print(f"phase 7 poll top-up: approved after {polls} polls, card availableBalance="
          f"{field(balance, 'availableBalance', what='card balance')}")

    # ---- .13 top-up: rejected and credited back to the merchant portal balance
    opening = merchant_balance(currency)
    rejected_id, _ = top_up(card_id, Decimal("10.13"), currency)
    debited = merchant_balance(currency)
    result, _ = poll_top_up(rejected_id, "the .13 top-up")
    after = merchant_balance(currency)
    if result["status"] != "rejected":
        fail(f".13 top-up: expected rejected, got {result['status']}")
    if debited != opening - Decimal("10.13") or after != opening:
        fail(f".13 top-up: merchant balance {opening} -> {debited} (debited) -> {after}; expected {opening} at the end")
    print(f"top-up 10.13: rejected; merchant balance {opening} -> {debited} -> {after} (credited back)")

    # ---- sandbox purchases: one authorised, one declined (over the available balance)
    check_balance(card_id, "50.00", "0", "after the 50.00 top-up")
    bought = purchase(card_id, Decimal("12.50"), currency, "Coffee Shop Ltd", "5814")
    refused = purchase(card_id, Decimal("400.00"), currency, "Big Shop", "5411")
    if field(bought, "status", what="purchase") != "authorized" or field(refused, "status", what="purchase") != "declined":
        fail(f"purchases: expected authorized then declined, got {bought['status']} and {refused['status']}")
    check_balance(card_id, "37.50", "12.50", "after the 12.50 purchase")
    print(f"purchases: 12.50 authorized, 400.00 declined ({refused.get('description')})")

    # ---- reverse an authorised purchase: status reversed, the hold goes back to the available balance
    held = purchase(card_id, Decimal("5.00"), currency, "Hotel Deposit", "7011")
    check_balance(card_id, "32.50", "17.50", "after the 5.00 purchase")
    held_id = field(held, "transactionId", "id", what="purchase 5.00")
    status, reversed_ = control("POST", f"/_sandbox/transactions/{held_id}/reverse")
    expect(status, 200, reversed_, "reverse 5.00")
    if note_transaction(reversed_, "reverse")["status"] != "reversed":
        fail(f"reverse: expected status reversed, got {reversed_['status']}")
    check_balance(card_id, "37.50", "12.50", "after the reversal")
    status, body = control("POST", f"/_sandbox/transactions/{held_id}/reverse")
    again = expect_error(status, body, 409, "TRANSACTION_NOT_REVERSIBLE", "reverse twice")
    status, body = control("POST", f"/_sandbox/transactions/{uuid.uuid4()}/reverse")
    missing = expect_error(status, body, 404, "TRANSACTION_NOT_FOUND", "reverse an unknown id")
    print(f"reverse 5.00: {reversed_['status']}, available back to 37.50; again -> 409 {again}; unknown id -> 404 {missing}")

    # ---- settle the 12.50 purchase now, refund part of it, charge a fee
    bought_id = field(bought, "transactionId", "id", what="purchase 12.50")
    status, settled = control("POST", f"/_sandbox/transactions/{bought_id}/settle")
    expect(status, 200, settled, "settle 12.50")
    if note_transaction(settled, "settle")["status"] != "settled":
        fail(f"settle: expected status settled, got {settled['status']}")
    check_balance(card_id, "37.50", "0", "after settling 12.50")
    status, refund = control("POST", f"/_sandbox/transactions/{bought_id}/refund", {"amount": 4.5})
    expect(status, 201, refund, "refund 4.50")
    note_transaction(refund, "refund")
    if (refund["type"], refund["status"], field(refund, "originalTransactionId", what="refund")) != ("refund", "settled", bought_id):
        fail(f"refund: expected a settled refund of {bought_id}, got {json.dumps(refund, default=str)[:400]}")
    check_balance(card_id, "42.00", "0", "after the 4.50 refund")
    status, body = control("POST", f"/_sandbox/transactions/{bought_id}/refund", {"amount": 8.01})
    too_much = expect_error(status, body, 422, "REFUND_EXCEEDS_REMAINING", "refund more than remains (8.00)")
    status, body = control("POST", f"/_sandbox/transactions/{field(refused, 'transactionId', what='purchase')}/refund", {})
    not_refundable = expect_error(status, body, 409, "TRANSACTION_NOT_REFUNDABLE", "refund a declined purchase")
    status, fee = control("POST", f"/_sandbox/cards/{card_id}/fees", {"amount": 1.25, "description": "Monthly card fee"})
    expect(status, 201, fee, "fee 1.25")
    if (note_transaction(fee, "fee")["type"], fee["status"]) != ("fee", "settled"):
        fail(f"fee: expected a settled fee, got {fee['type']} {fee['status']}")
    check_balance(card_id, "40.75", "0", "after the 1.25 fee")
    print(f"settle 12.50: settled; refund 4.50: {refund['type']} {refund['status']} originalTransactionId={bought_id}; "
          f"8.01 more -> 422 {too_much}; refund of the declined one -> 409 {not_refundable}; "
          f"fee 1.25: {fee['type']} {fee['status']}; available 40.75")

    # ---- an ATM withdrawal (the default products' ATM limit is 0: raise it first)
    status, limits = call("POST", f"/api/v1/cards/{card_id}/limits", {"atmWithdrawalLimit": 100})
    expect(status, 200, limits, "raise the ATM limit")
    atm = purchase(card_id, Decimal("3.00"), currency, "ATM High St", "6011")
    if (atm["type"], atm["status"]) != ("atm_withdrawal", "authorized"):
        fail(f"ATM withdrawal: expected an authorized atm_withdrawal, got {atm['type']} {atm['status']}")
    check_balance(card_id, "37.75", "3.00", "after the 3.00 ATM withdrawal")

    # ---- the list filters find the new values
    refunds = filtered(card_id, "type=refund")
    if [t.get("transactionId") for t in refunds] != [refund["transactionId"]] or refunds[0].get("originalTransactionId") != bought_id:
        fail(f"?type=refund: expected just the refund of {bought_id}, got {refunds}")
    if [t.get("transactionId") for t in filtered(card_id, "status=reversed")] != [held_id]:
        fail("?status=reversed: expected just the reversed purchase")
    if [t.get("transactionId") for t in filtered(card_id, "type=fee&status=settled")] != [fee["transactionId"]]:
        fail("?type=fee&status=settled: expected just the fee")
    transaction_statuses(card_id)
    print(f"ATM 3.00: {atm['type']} {atm['status']}; filters type=refund, status=reversed, type=fee ok; "
          f"card transaction statuses {sorted(seen['transaction status'])}, types {sorted(seen['transaction type'])}")

    # ---- card lifecycle on the virtual card
    status, body = call("POST", f"/api/v1/cards/{card_id}/freeze", {})
    expect(status, 200, body, "freeze")
    frozen = card_status(card_id)
    status, body = call("POST", f"/api/v1/cards/{card_id}/cancel", {"reason": "lost"})
    expect(status, 200, body, "cancel")
    print(f"card lifecycle: freeze -> {frozen}, cancel -> {card_status(card_id)}")

    # ---- deterministic outcomes
    rejected_customer, kyc = onboard("Reject", virtual, done=("Rejected",))
    print(f"last name Reject: applicantStatus={kyc['applicantStatus']} remarks={kyc.get('remarks')!r}")
    review_customer, _ = create_customer("Review")
    submit_kyc(review_customer, virtual, "Review")
    time.sleep(4)  # past the default 3 s KYC delay: it must still be under review
    kyc, _ = poll_kyc(review_customer, virtual, {"UnderReview"}, "last name Review")
    print(f"last name Review: applicantStatus={kyc['applicantStatus']} kycState={customer_kyc_state(review_customer)}")
    failing_customer, _ = onboard("Failcase", virtual, email_tag="+cardfail")
    failing_card, _ = issue_card(failing_customer, virtual)
    card, _ = poll_card(failing_card, {"active", "failed"}, "+cardfail card")
    if card["state"] != "failed":
        fail(f"+cardfail: expected state failed, got {card['state']}")
    print(f"email +cardfail: card state={card['state']} failureReason={card.get('failureReason')!r}")

    # ---- physical card: active state, inactive status until activated
    physical_customer, _ = onboard("Physical", physical)
    physical_card, _ = issue_card(physical_customer, physical, shippingAddress={
        "addressLine1": "1 High St", "city": "Berlin", "postalCode": "10115", "country": "DE", "state": "BE"})
    card, _ = poll_card(physical_card, {"active", "failed"}, "physical card")
    if card["state"] != "active" or card["status"] != "inactive":
        fail(f"physical card: expected state active / status inactive, got {card['state']} / {card['status']}")
    status, body = call("POST", f"/api/v1/cards/{physical_card}/activate",
                        {"activationCode": field(card, "last4", what="physical card")})
    expect(status, 200, body, "activate physical card")
    print(f"physical card: state={card['state']} status={card['status']}, activate -> {card_status(physical_card)}")

    # ---- every documented status (and transaction type) value seen?
    for kind in EXPECTED:
        print(f"seen {kind}: {sorted(seen[kind])}")
    missing = {kind: sorted(EXPECTED[kind] - seen[kind]) for kind in EXPECTED if EXPECTED[kind] - seen[kind]}
    if missing:
        fail(f"status values never seen: {missing}")

    # ---- each broken header: 401 with its own code and the section 4.8 error body
    codes = {}
    cases = {
        "missing X-Nonce": {"drop": "X-Nonce"},
        "unknown API key": {"key": "ak_nope"},
        "stale timestamp": {"ts": str(int(time.time()) - 1000)},
        "wrong body hash": {"body_hash": base64.b64encode(hashlib.sha256(b"x").digest()).decode()},
        "wrong signature": {"secret": b"wrong"},
    }
    for case, broken in cases.items():
        codes[case] = auth_failure(case, call("GET", "/api/v1/Products", **broken))
    nonce = uuid.uuid4().hex
    status, body = call("GET", "/api/v1/Products", nonce=nonce)
    expect(status, 200, body, "first use of a nonce")
    codes["reused nonce"] = auth_failure("reused nonce", call("GET", "/api/v1/Products", nonce=nonce))
    extreme = auth_failure("timestamp -2^63", call("GET", "/api/v1/Products", ts=str(-2 ** 63)))
    if extreme != "TIMESTAMP_OUT_OF_RANGE":
        fail(f"timestamp -2^63: expected TIMESTAMP_OUT_OF_RANGE, got {extreme}")
    wrong = {case: code for case, code in codes.items() if code != EXPECTED_AUTH_CODES[case]}
    if wrong:
        fail(f"unexpected 401 codes: {wrong} (expected {EXPECTED_AUTH_CODES})")
    if len(set(codes.values())) != len(codes):
        fail(f"the 401 codes are not distinct: {codes}")

    total = sum(len(v) for v in EXPECTED.values())
    print(f"OK: seven phases done, all {total} documented status and transaction type values seen, {len(codes)} broken "
          f"headers each gave 401 with a distinct code, .13 top-up credited back to the merchant balance, card balance "
          f"consistent through purchase, reversal, settlement, refund, fee and ATM withdrawal")


def auth_failure(case, response):
    status, body = response
    if status != 401:
        fail(f"{case}: expected 401, got {status}: {body}")
    error = field(body, "error", what=f"{case} error body")
    code = field(error, "code", what=f"{case} error body")
    field(error, "message", what=f"{case} error body")
    field(body, "request_id", what=f"{case} error body")
    field(body, "timestamp", what=f"{case} error body")
    print(f"{case}: {status} {code}")
    return code


if __name__ == "__main__":
    main()
