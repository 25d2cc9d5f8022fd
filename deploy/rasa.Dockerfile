# The Rasa server (NLU + dialogue) with the trained model baked in.
#   docker build -f deploy/rasa.Dockerfile -t kyphobot-rasa .
FROM python:3.10-slim AS build
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
COPY requirements.txt constraints.txt pyproject.toml README.md ./
RUN pip install -r requirements.txt -c constraints.txt
COPY kyphobot kyphobot
COPY actions actions
RUN pip install --no-deps .
COPY config.yml credentials.yml endpoints.prod.yml ./
COPY domain domain
COPY data data
# The spaCy pipeline is built from packages (no download), then the model trained.
RUN python -m kyphobot.nlp.pipeline models/spacy/en_kyphoplasty \
 && python -m kyphobot.serve train --domain domain --config config.yml --data data \
      --out models --fixed-model-name kyphobot

FROM python:3.10-slim
WORKDIR /app
ENV RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 KYPHOBOT_PROFILE=production
COPY --from=build /usr/local /usr/local
COPY --from=build /app /app
RUN useradd --uid 1001 --no-create-home rasa && chown -R rasa /app
USER rasa
EXPOSE 5005
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/')"
# The HTTP API is on only with a token; RASA_AUTH_TOKEN must be set.
CMD ["sh", "-c", "exec python -m kyphobot.serve run --model models/kyphobot.tar.gz --endpoints endpoints.prod.yml --credentials credentials.yml --port 5005 --cors \"${KYPHOBOT_CORS_ORIGINS:?}\" --enable-api --auth-token \"${RASA_AUTH_TOKEN:?}\""]
