"""Drives the emulator with botocore, the way the AWS CLI and boto3 would.

Usage: botocore_client.py SCENARIO
The emulator is reached through AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC; its admin API is at
EMULATOR_URL. Each scenario prints one JSON document on stdout.
"""

import json
import os
import sys
import time
import urllib.request

import botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

EMULATOR = os.environ["EMULATOR_URL"]
REGION = "us-east-1"
START_URL = "https://d-0000000000.awsapps.com/start"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})

session = botocore.session.get_session()


def admin(path, body=None):
    data = json.dumps(body if body is not None else {}).encode()
    req = urllib.request.Request(
        f"{EMULATOR}/_emulator/{path}", data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read() or b"{}")


def oidc_client():
    return session.create_client("sso-oidc", region_name=REGION, config=NO_RETRY)


def sso_client():
    return session.create_client(
        "sso", region_name=REGION, config=NO_RETRY.merge(Config(signature_version=UNSIGNED))
    )


def describe(err):
    """What a caller of botocore gets to see of an error."""
    return {
        "type": type(err).__name__,
        "code": err.response["Error"]["Code"],
        "status": err.response["ResponseMetadata"]["HTTPStatusCode"],
        "oauthError": err.response.get("error"),
    }


def expect_error(fn):
    try:
        fn()
    except ClientError as err:
        return describe(err)
    return {"type": None, "code": None, "status": 200}


def register(oidc, scopes=("sso:account:access",)):
    kwargs = {"clientName": "botocore-client-test", "clientType": "public"}
    if scopes:
        kwargs["scopes"] = list(scopes)
    return oidc.register_client(**kwargs)


def device_login(oidc):
    reg = register(oidc)
    dev = oidc.start_device_authorization(
        clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=START_URL
    )
    pending = expect_error(
        lambda: oidc.create_token(
            clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType=DEVICE_GRANT,
            deviceCode=dev["deviceCode"],
        )
    )
    # The poll interval only guards pending polls, so no need to wait once approved.
    admin("approve", {"userCode": dev["userCode"]})
    token = oidc.create_token(
        clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType=DEVICE_GRANT,
        deviceCode=dev["deviceCode"],
    )
    return reg, dev, pending, token


def scenario_device_flow():
    oidc = oidc_client()
    sso = sso_client()
    reg, dev, pending, token = device_login(oidc)
    creds = sso.get_role_credentials(
        roleName="MyLeastPrivilegeRole", accountId="123456789012", accessToken=token["accessToken"]
    )["roleCredentials"]
    accounts = sso.list_accounts(accessToken=token["accessToken"])["accountList"]
    roles = sso.list_account_roles(accessToken=token["accessToken"], accountId="123456789012")["roleList"]
    return {
        "registration": {k: reg[k] for k in ("clientIdIssuedAt", "clientSecretExpiresAt")},
        "device": {k: dev[k] for k in ("userCode", "verificationUri", "verificationUriComplete", "expiresIn", "interval")},
        "pending": pending,
        "token": {
            "tokenType": token.get("tokenType"),
            "expiresIn": token["expiresIn"],
            "hasRefreshToken": bool(token.get("refreshToken")),
        },
        "credentials": {
            "accessKeyId": creds["accessKeyId"],
            "hasSecret": bool(creds["secretAccessKey"]),
            "hasSessionToken": bool(creds["sessionToken"]),
            "expiration": creds["expiration"],
        },
        "accounts": [a["accountId"] for a in accounts],
        "roles": [r["roleName"] for r in roles],
    }


def scenario_errors():
    oidc = oidc_client()
    sso = sso_client()
    out = {}
    reg = register(oidc)
    cid, secret = reg["clientId"], reg["clientSecret"]

    def start():
        return oidc.start_device_authorization(clientId=cid, clientSecret=secret, startUrl=START_URL)

    def poll(device_code):
        return oidc.create_token(clientId=cid, clientSecret=secret, grantType=DEVICE_GRANT, deviceCode=device_code)

    dev = start()
    out["AuthorizationPendingException"] = expect_error(lambda: poll(dev["deviceCode"]))
    out["SlowDownException"] = expect_error(lambda: poll(dev["deviceCode"]))

    denied = start()
    admin("deny", {"userCode": denied["userCode"]})
    out["AccessDeniedException"] = expect_error(lambda: poll(denied["deviceCode"]))

    out["InvalidGrantException"] = expect_error(lambda: poll("no-such-device-code"))
    out["InvalidClientException"] = expect_error(
        lambda: oidc.start_device_authorization(clientId=cid, clientSecret="wrong", startUrl=START_URL)
    )
    # deviceCode is optional in the model, so only the server can reject its absence.
    out["InvalidRequestException:oidc"] = expect_error(
        lambda: oidc.create_token(clientId=cid, clientSecret=secret, grantType=DEVICE_GRANT)
    )

    out["UnauthorizedException"] = expect_error(lambda: sso.list_accounts(accessToken="not-a-token"))
    admin("faults", {"operation": "ListAccounts", "status": 429})
    out["TooManyRequestsException"] = expect_error(lambda: sso.list_accounts(accessToken="any"))
    _, _, _, token = device_login(oidc)
    out["InvalidRequestException:portal"] = expect_error(
        lambda: sso.list_account_roles(accessToken=token["accessToken"], accountId="not-an-account")
    )
    out["ForbiddenException"] = expect_error(
        lambda: sso.get_role_credentials(
            roleName="NotAssigned", accountId="123456789012", accessToken=token["accessToken"]
        )
    )

    admin("lifetimes", {"deviceCodeSeconds": 1})
    expiring = start()
    time.sleep(1.2)
    out["ExpiredTokenException"] = expect_error(lambda: poll(expiring["deviceCode"]))
    return out


def scenario_paginate():
    oidc = oidc_client()
    sso = sso_client()
    _, _, _, token = device_login(oidc)
    pages = sso.get_paginator("list_accounts").paginate(
        accessToken=token["accessToken"], PaginationConfig={"PageSize": 100}
    )
    sizes, ids = [], []
    for page in pages:
        sizes.append(len(page["accountList"]))
        ids.extend(a["accountId"] for a in page["accountList"])
    default_sizes = [
        len(p["accountList"]) for p in sso.get_paginator("list_accounts").paginate(accessToken=token["accessToken"])
    ]
    return {"pageSizes": sizes, "ids": ids, "defaultPageSizes": default_sizes}


def scenario_refresh():
    """Resolves credentials for an sso-session profile whose cached token is about to expire."""
    creds = botocore.session.Session(profile="p").get_credentials().get_frozen_credentials()
    return {"accessKeyId": creds.access_key}


if __name__ == "__main__":
    print(json.dumps(globals()[f"scenario_{sys.argv[1]}"]()))
