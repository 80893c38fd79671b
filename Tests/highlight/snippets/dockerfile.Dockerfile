# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
ARG VERSION=1.0
ENV PORT=8080 \
    MODE="prod"
RUN apt-get update && apt-get install -y curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
CMD ["python", "-m", "app"]
EXPOSE 8080
