# The rasa-sdk action server (escalation and emergency records).
#   docker build -f deploy/actions.Dockerfile -t kyphobot-actions .
FROM python:3.10-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false KYPHOBOT_PROFILE=production
COPY requirements.txt constraints.txt pyproject.toml README.md ./
RUN pip install -r requirements.txt -c constraints.txt
COPY kyphobot kyphobot
COPY actions actions
COPY domain domain
RUN pip install --no-deps . \
 && useradd --uid 1001 --no-create-home actions && chown -R actions /app
USER actions
EXPOSE 5055
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health')"
CMD ["python", "-m", "kyphobot.serve", "run", "actions", "--actions", "actions", "--port", "5055"]
