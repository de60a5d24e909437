# psa-policy container image: a jlinked JRE, the CLI jar (built-in rules and baselines inside) and
# an AppCDS archive, FROM scratch; no registry is needed. Build it with
#
#   src/main/docker/build-image.sh            # -> psa-policy:dev
#
# which prepares the context this file expects (target/docker/context: rootfs/ = the JRE, the
# shared libraries it needs and /etc/passwd; app/ = the jar). See docs/container.md.

# Training stage: record the AppCDS archive with the image's own JRE at the path the image runs
# the jar from (an archive only loads into the JVM and jar that made it). `check --demo` fails the
# gate by design, so the demo's findings are accepted first and the trained run passes.
FROM scratch AS train
# build-image.sh removes this stage's images after the build (only the archive is kept)
LABEL dev.psapolicy.stage=train
COPY rootfs/ /
COPY app/ /opt/psa-policy/
# train/psa-policy.yaml: acceptCritical: true (the demo's critical findings need the opt-in)
COPY train/ /train/
WORKDIR /train
RUN ["/opt/java/bin/java", "-XX:-UsePerfData", "-jar", "/opt/psa-policy/psa-policy.jar", "accept", "--demo", "--config", "psa-policy.yaml", "--by", "image-build", "--output", "accepted.yaml"]
RUN ["/opt/java/bin/java", "-XX:ArchiveClassesAtExit=/opt/psa-policy/psa-policy.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:-UsePerfData", "-jar", "/opt/psa-policy/psa-policy.jar", "check", "--demo", "--config", "psa-policy.yaml", "--accepted", "accepted.yaml", "--format", "json", "--output", "result.json"]

FROM scratch
COPY rootfs/ /
COPY app/ /opt/psa-policy/
COPY --from=train /opt/psa-policy/psa-policy.jsa /opt/psa-policy/psa-policy.jsa
# PSA_SIM_HOST: `simulate` listens on all the container's interfaces unless --host says otherwise
# (loopback inside a container is unreachable from a published port).
ENV LANG=C.UTF-8 PSA_SIM_HOST=0.0.0.0
USER 10001:10001
WORKDIR /work
# -XX:-UsePerfData: no hsperfdata file in /tmp, so a read-only root file system stays untouched.
ENTRYPOINT ["/opt/java/bin/java", "-XX:SharedArchiveFile=/opt/psa-policy/psa-policy.jsa", "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:-UsePerfData", "-jar", "/opt/psa-policy/psa-policy.jar"]
