"""Points AWS CLI v2 releases that predate AWS_ENDPOINT_URL_<SERVICE> (Debian 12 ships 2.9.19) at
the emulator, for the sso and sso-oidc clients only. Everything else, including the registration
and token cache logic under test, is the CLI's own code.

Loaded through PYTHONPATH; it does nothing unless the variables are set.
"""

import os

_ENDPOINTS = {
    "sso-oidc": os.environ.get("AWS_ENDPOINT_URL_SSO_OIDC"),
    "sso": os.environ.get("AWS_ENDPOINT_URL_SSO"),
}

if any(_ENDPOINTS.values()):
    try:
        # The CLI serves its vendored copy as the top-level `botocore` once `awscli` is imported.
        import awscli  # noqa: F401
        from botocore import session as _session
    except ImportError:  # not the AWS CLI v2 package: nothing to patch
        _session = None

    if _session is not None:
        _create_client = _session.Session.create_client

        def create_client(self, service_name, *args, **kwargs):
            endpoint = _ENDPOINTS.get(service_name)
            if endpoint and not kwargs.get("endpoint_url"):
                kwargs["endpoint_url"] = endpoint
            return _create_client(self, service_name, *args, **kwargs)

        _session.Session.create_client = create_client
