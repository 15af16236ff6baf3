"""A new user's whole journey through Sirb with Mastodon.py (Debian's python3-mastodon), as a
Python app would take it. Run by test/e2e/python-client.test.ts: python3 journey.py BASE_URL.

Each step prints one line `JOURNEY {"step": ..., "ok": ..., "error": ...}`; a step whose
prerequisite failed is reported as skipped with the name of what it needed. Nothing here talks
to the server except Mastodon.py and, for the sign-in form, requests (as a browser would).
"""
import base64
import datetime
import hashlib
import html.parser
import json
import os
import secrets
import sys
import threading
import traceback
import urllib.parse

import requests
from mastodon import Mastodon, StreamListener

BASE = sys.argv[1].rstrip("/")
OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = ["read", "write", "follow", "push"]
PASSWORD = "correct horse battery staple"
RUN = secrets.token_hex(3)
state = {}
failed = set()


def step(name, needs=()):
    def run(fn):
        missing = [n for n in needs if n in failed or n not in state]
        if missing:
            failed.add(name)
            report = {"step": name, "ok": False, "skipped": True, "error": "needs " + ", ".join(missing)}
        else:
            try:
                state[name] = fn() or True
                report = {"step": name, "ok": True}
            except Exception as error:  # every failure is reported, the journey goes on
                failed.add(name)
                detail = traceback.format_exception_only(type(error), error)[-1].strip()
                report = {"step": name, "ok": False, "error": detail[:500]}
        print("JOURNEY " + json.dumps(report), flush=True)
        return fn
    return run


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def client(token=None):
    app = state["register_app"]
    return Mastodon(client_id=app[0], client_secret=app[1], access_token=token, api_base_url=BASE, request_timeout=20)


@step("register_app")
def register_app():
    return Mastodon.create_app("Sirb journey (Mastodon.py)", scopes=SCOPES, redirect_uris=OOB, api_base_url=BASE, request_timeout=20)


@step("version_detection", needs=["register_app"])
def version_detection():
    api = client()
    # Mastodon.py reads the version from /api/v1/instance/ and refuses newer methods without it.
    check(api.version_check_worked, "Mastodon.py could not read the server's version")
    check(api.verify_minimum_version("4.0.0", cached=True), "server version below 4.0.0: %s" % api.mastodon_major)


def sign_up(name):
    token = client().create_account(name, PASSWORD, name + "@example.test", agreement=True, locale="en", scopes=SCOPES)
    me = client(token).account_verify_credentials()
    check(me["username"] == name, "signed up as %r, verify_credentials says %r" % (name, me["username"]))
    return {"token": token, "id": me["id"], "username": name, "email": name + "@example.test"}


@step("sign_up", needs=["register_app"])
def sign_up_first():
    return sign_up("py_" + RUN)


@step("sign_up_second_user", needs=["register_app"])
def sign_up_second():
    return sign_up("py2_" + RUN)


@step("sign_in_password_grant", needs=["sign_up"])
def sign_in_password():
    api = client()
    token = api.log_in(username=state["sign_up"]["email"], password=PASSWORD, scopes=SCOPES)
    check(client(token).me()["username"] == state["sign_up"]["username"], "the token is someone else's")
    return token


class FormReader(html.parser.HTMLParser):
    """The sign-in page's form: its action and every input's name and value."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self.code = None, {}, None
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        if tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        self._in_code = tag == "code" and attrs.get("id") == "code"

    def handle_data(self, data):
        if self._in_code:
            self.code = (self.code or "") + data.strip()

    def handle_endtag(self, tag):
        self._in_code = False


@step("sign_in_authorization_code_pkce", needs=["sign_up"])
def sign_in_pkce():
    api = client()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    url = api.auth_request_url(redirect_uris=OOB, scopes=SCOPES)
    url += "&" + urllib.parse.urlencode({"code_challenge": challenge, "code_challenge_method": "S256"})
    browser = requests.Session()
    page = browser.get(url, timeout=20)
    check(page.status_code == 200 and "text/html" in page.headers.get("content-type", ""), "sign-in page: %s" % page.status_code)
    form = FormReader()
    form.feed(page.text)
    fields = dict(form.fields, login=state["sign_up"]["email"], password=PASSWORD)
    check(fields.get("code_challenge") == challenge, "the form does not carry the PKCE challenge: %r" % sorted(fields))
    answer = browser.post(urllib.parse.urljoin(page.url, form.action or page.url), data=fields, timeout=20, allow_redirects=False)
    check(answer.status_code == 200, "sign-in answered %s" % answer.status_code)
    shown = FormReader()
    shown.feed(answer.text)
    check(shown.code, "no code on the page")
    app = state["register_app"]
    exchange = {"grant_type": "authorization_code", "code": shown.code, "client_id": app[0], "client_secret": app[1], "redirect_uri": OOB}
    wrong = requests.post(BASE + "/oauth/token", data=dict(exchange, code_verifier=secrets.token_urlsafe(48)), timeout=20)
    check(wrong.status_code in (400, 401), "a wrong code_verifier was accepted: %s" % wrong.status_code)
    token = requests.post(BASE + "/oauth/token", data=dict(exchange, code_verifier=verifier), timeout=20)
    check(token.status_code == 200, "token exchange: %s %s" % (token.status_code, token.text[:200]))
    me = client(token.json()["access_token"]).me()
    check(me["username"] == state["sign_up"]["username"], "the token is someone else's")


@step("post", needs=["sign_up"])
def post():
    api = client(state["sign_up"]["token"])
    status = api.status_post("أول منشور من Mastodon.py — first post", visibility="public", language="ar")
    check(api.status(status["id"])["content"].find("Mastodon.py") >= 0, "the post's content is not what was sent")
    return status["id"]


@step("edit", needs=["post"])
def edit():
    api = client(state["sign_up"]["token"])
    edited = api.status_update(state["post"], status="منشور معدّل — edited")
    check("edited" in edited["content"] and edited["edited_at"], "the edit did not take: %r" % edited.get("content"))
    history = api.status_history(state["post"])
    check(len(history) == 2, "history has %d versions" % len(history))
    check("edited" in api.status_source(state["post"])["text"], "the source is not the edited text")


@step("poll", needs=["sign_up", "sign_up_second_user"])
def poll():
    author = client(state["sign_up"]["token"])
    voter = client(state["sign_up_second_user"]["token"])
    status = author.status_post("نعم أم لا؟ yes or no?", poll=author.make_poll(["نعم yes", "لا no"], expires_in=3600))
    check(status["poll"] and len(status["poll"]["options"]) == 2, "the status has no poll")
    # Mastodon.py 1.8's poll_vote drops the Poll the server answers (it returns None): read it back.
    voter.poll_vote(status["poll"]["id"], [0])
    voted = voter.poll(status["poll"]["id"])
    check(voted["voted"] and voted["votes_count"] == 1 and voted["own_votes"] == [0], "the vote did not count: %r" % voted)
    check(author.poll(status["poll"]["id"])["options"][0]["votes_count"] == 1, "the author does not see the vote")


@step("schedule", needs=["sign_up"])
def schedule():
    api = client(state["sign_up"]["token"])
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    scheduled = api.status_post("later — لاحقًا", scheduled_at=when)
    check("params" in scheduled and "scheduled_at" in scheduled, "a normal status came back: %r" % sorted(scheduled))
    check(any(s["id"] == scheduled["id"] for s in api.scheduled_statuses()), "not among the scheduled statuses")
    api.scheduled_status_delete(scheduled["id"])


@step("lists", needs=["sign_up", "sign_up_second_user"])
def lists():
    api = client(state["sign_up"]["token"])
    friend = client(state["sign_up_second_user"]["token"])
    created = api.list_create("أصدقاء friends")
    api.account_follow(state["sign_up_second_user"]["id"])
    api.list_accounts_add(created["id"], [state["sign_up_second_user"]["id"]])
    check([a["id"] for a in api.list_accounts(created["id"])] == [state["sign_up_second_user"]["id"]], "the member is not listed")
    status = friend.status_post("for the list — للقائمة")
    check(any(s["id"] == status["id"] for s in api.timeline_list(created["id"])), "the member's post is not in the list's timeline")


class Collector(StreamListener):
    def __init__(self):
        super().__init__()
        self.updates, self.seen = [], threading.Event()

    def on_update(self, status):
        self.updates.append(status["id"])
        self.seen.set()


@step("stream_sse", needs=["sign_up"])
def stream_sse():
    api = client(state["sign_up"]["token"])
    listener = Collector()
    handle = api.stream_user(listener, run_async=True, timeout=30)
    try:
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=15)
        status = None
        # The stream may open a moment after the call returns: post until one arrives.
        while datetime.datetime.now() < deadline and not listener.updates:
            status = api.status_post("streamed — مبثوث " + secrets.token_hex(2))
            listener.seen.wait(2)
        check(listener.updates, "no update event on the SSE user stream")
    finally:
        handle.close()


@step("push_subscription", needs=["sign_up"])
def push_subscription():
    api = client(state["sign_up"]["token"])
    try:
        private, public = api.push_subscription_generate_keys()
    except NotImplementedError:  # without python3-cryptography: keys the test made
        public = {"pubkey": base64.b64decode(os.environ["PUSH_P256DH"]), "auth": base64.b64decode(os.environ["PUSH_AUTH"])}
    endpoint = "https://push.example.test/journey/" + RUN
    made = api.push_subscription_set(endpoint, public, follow_events=True, mention_events=True, favourite_events=True)
    check(made["endpoint"] == endpoint and made["server_key"], "subscription: %r" % made)
    check(made["alerts"]["follow"] and made["alerts"]["mention"], "alerts not kept: %r" % made["alerts"])
    check(api.push_subscription()["endpoint"] == endpoint, "the subscription is not read back")
    api.push_subscription_update(reblog_events=True)
    check(api.push_subscription()["alerts"]["reblog"], "the update did not take")
    api.push_subscription_delete()


print("JOURNEY_TOKEN " + json.dumps(state.get("sign_in_password_grant") if isinstance(state.get("sign_in_password_grant"), str) else None), flush=True)
