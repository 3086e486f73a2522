# Resolves credentials as boto3 does for the profile in AWS_PROFILE and prints the access key id,
# or the exception's class name and message on stderr with exit 1.
import sys

import boto3

try:
    credentials = boto3.Session().get_credentials()
    if credentials is None:
        raise RuntimeError('no credentials')
    print(credentials.get_frozen_credentials().access_key)
except Exception as error:  # noqa: BLE001 - the test reads the class name
    print(f'{type(error).__name__}: {str(error).splitlines()[0]}', file=sys.stderr)
    sys.exit(1)
