"""The local web app (``credscan serve``) and the templates HTML reports share.

Importing this package costs nothing: the app itself (FastAPI, uvicorn, python-multipart, the
``credscan[web]`` extra) is in ``scanner.web.app`` and imported only when served.
"""
