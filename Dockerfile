# syntax=docker/dockerfile:1
# Timeslice service image: built from source with the Maven wrapper, run on a JRE as a non-root user.
# Works with a read-only root filesystem when /tmp (and, for the embedded PostgreSQL, the data dir)
# are writable mounts, e.g. `docker run --read-only --tmpfs /tmp -v timeslice-data:/var/lib/timeslice`.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl api-server -am -DskipTests package

FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system --gid 10001 timeslice \
 && useradd --system --uid 10001 --gid timeslice --home-dir /opt/timeslice --shell /usr/sbin/nologin timeslice \
 && mkdir -p /var/lib/timeslice \
 && chown timeslice:timeslice /var/lib/timeslice
WORKDIR /opt/timeslice
COPY --from=build /src/api-server/target/timeslice-server.jar /opt/timeslice/timeslice-server.jar
COPY --chmod=0755 deploy/docker/healthcheck.sh /opt/timeslice/healthcheck.sh

# The heap follows the container's memory limit, not the host's. Flags live in JAVA_TOOL_OPTIONS (not
# the ENTRYPOINT) so that setting the variable replaces them: command-line flags would win over it.
ENV SERVER_PORT=8080 \
    TIMESLICE_DATA_DIR=/var/lib/timeslice \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/tmp", "/var/lib/timeslice"]
USER 10001:10001
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["/opt/timeslice/healthcheck.sh"]

ENTRYPOINT ["java", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/timeslice/timeslice-server.jar"]
