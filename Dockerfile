# syntax=docker/dockerfile:1
# Timeslice service image: built from source with the Maven wrapper, run on a JRE as a non-root user.
# Works with a read-only root filesystem when /tmp (and, for the embedded PostgreSQL, the data dir)
# are writable mounts, e.g. `docker run --read-only --tmpfs /tmp -v timeslice-data:/var/lib/timeslice`.
# The jar holds the embedded PostgreSQL binaries of the build's platform only (storage/pom.xml): build
# the image on the platform it is for.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer. The
# jar is unpacked into Spring Boot's layers, so that a code change rebuilds only the last layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl api-server -am -DskipTests package \
 && java -Djarmode=tools -jar api-server/target/timeslice-server.jar extract --layers --destination /layers

FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system --gid 10001 timeslice \
 && useradd --system --uid 10001 --gid timeslice --home-dir /opt/timeslice --shell /usr/sbin/nologin timeslice \
 && mkdir -p /var/lib/timeslice /opt/timeslice \
 && chown timeslice:timeslice /var/lib/timeslice /opt/timeslice
WORKDIR /opt/timeslice
# Least changing first: libraries, the loader, snapshots, then the application (timeslice-server.jar
# and the project's own jars); together they form timeslice-server.jar beside its lib/.
COPY --from=build /layers/dependencies/ /opt/timeslice/
COPY --from=build /layers/spring-boot-loader/ /opt/timeslice/
COPY --from=build /layers/snapshot-dependencies/ /opt/timeslice/
COPY --from=build /layers/application/ /opt/timeslice/
COPY --chmod=0755 deploy/docker/healthcheck.sh /opt/timeslice/healthcheck.sh

# The heap follows the container's memory limit, not the host's. (No -XX:-DontCompileHugeMethods:
# the engine's compiled tier splits large functions into methods HotSpot compiles by default,
# docs/tiers.md.) Flags live in JAVA_TOOL_OPTIONS (not
# the ENTRYPOINT) so that setting the variable replaces them: command-line flags would win over it.
# JDK_JAVA_OPTIONS (read by the java launcher only) points at the AOT cache made below.
ENV SERVER_PORT=8080 \
    TIMESLICE_DATA_DIR=/var/lib/timeslice \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    JDK_JAVA_OPTIONS="-XX:AOTCache=/opt/timeslice/app.aot"
USER 10001:10001
# A training run (Java 25's AOT cache, JEP 483/514/515): start the service once against a throwaway
# embedded database, stop it cleanly (timeslice.training-run), and keep the classes it loaded and
# linked and the method profiles it gathered; later starts read them instead of doing that again.
RUN JDK_JAVA_OPTIONS= java -XX:AOTCacheOutput=/opt/timeslice/app.aot -Dtimeslice.training-run=true \
      -Dtimeslice.data-dir=/tmp/aot-training -Dtimeslice.admin-token=training -Dserver.port=0 \
      -jar /opt/timeslice/timeslice-server.jar \
 && rm -rf /tmp/aot-training
VOLUME ["/tmp", "/var/lib/timeslice"]
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["/opt/timeslice/healthcheck.sh"]

ENTRYPOINT ["java", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/timeslice/timeslice-server.jar"]
