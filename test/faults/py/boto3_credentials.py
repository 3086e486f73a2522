"""Resolves a profile's credentials with boto3, which refreshes the sso-session token when it is
near expiry and writes the rotated token back to the shared cache. Prints one JSON document.

Usage: boto3_credentials.py PROFILE
"""

import json
import sys

import boto3

session = boto3.Session(profile_name=sys.argv[1])
creds = session.get_credentials().get_frozen_credentials()
print(json.dumps({"accessKeyId": creds.access_key}))
