#!/bin/sh
# The kiosk's ID reader and printer are serial devices: the kiosk user needs the dialout group to open them.
if getent group dialout >/dev/null 2>&1 && [ -n "${SUDO_USER:-}" ]; then
  usermod -a -G dialout "$SUDO_USER" || true
fi
