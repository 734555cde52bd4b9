# opctl in a small image: `docker build -t opctl .` then
#   docker run --rm -v "$PWD:/work" opctl lint templates/
# Two stages: the wheel is built in the first; the final image holds only Python, opctl and its
# dependencies (binary wheels: no compiler, no pip cache), and runs as an unprivileged user.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY schemas ./schemas
COPY opctl ./opctl
RUN python -m pip wheel --no-cache-dir --disable-pip-version-check --wheel-dir /wheels .

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir --disable-pip-version-check /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin opctl
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["opctl"]
CMD ["--help"]
