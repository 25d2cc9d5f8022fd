# The staff review console (reads the tracker and escalation stores).
#   docker build -f deploy/console.Dockerfile -t kyphobot-console .
FROM python:3.10-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 KYPHOBOT_PROFILE=production
COPY requirements.txt constraints.txt pyproject.toml README.md ./
RUN pip install -r requirements.txt -c constraints.txt
COPY kyphobot kyphobot
COPY actions actions
COPY domain domain
RUN pip install --no-deps . \
 && useradd --uid 1001 --no-create-home console && chown -R console /app
USER console
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8081/health')"
CMD ["python", "-m", "kyphobot.console", "--host", "0.0.0.0", "--port", "8081"]
