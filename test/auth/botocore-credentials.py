"""Resolves a profile's credentials the way boto3 and the AWS CLI do, from the SSO token cache.

Usage: botocore-credentials.py PROFILE
Endpoints come from AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC. Prints one JSON document.
"""

import json
import sys

import boto3

session = boto3.Session(profile_name=sys.argv[1])
creds = session.get_credentials().get_frozen_credentials()
print(json.dumps({"accessKeyId": creds.access_key, "method": session.get_credentials().method}))
