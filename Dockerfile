FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY hotline ./hotline
COPY ivr_flows ./ivr_flows
COPY tasks ./tasks
RUN pip install --no-cache-dir . && useradd --create-home hotline
USER hotline
ENV HOTLINE_INSTANCE_DIR=/home/hotline/instance
EXPOSE 8000
CMD ["hotline", "web", "--host", "0.0.0.0", "--port", "8000"]
