# One image for every hmrec process (streams-app, trainer, setup): the ./hmrec runtime classpath in /app/lib.
# Built by docker-compose.yml; not buildable on the development machine (no Docker there), so treat as untested.
#   docker build -t hmrec .                         # CPU PyTorch
#   docker build -t hmrec-gpu --build-arg MAVEN_PROFILES=gpu .   # adds the CUDA 12.4 PyTorch build (trainer)
FROM eclipse-temurin:17-jdk AS build
ARG MAVEN_PROFILES=""
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} -pl cli -am install \
 && ./mvnw -B -q ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} -pl cli dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && cp cli/target/hmrec-cli-*.jar /app/lib/

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/lib /app/lib
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-Dai.djl.offline=true"
# default: the command line; compose overrides the entrypoint for the streams app
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.hmrec.cli.HmrecCli"]
CMD ["--help"]
