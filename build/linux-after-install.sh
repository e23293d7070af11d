#!/bin/sh
# Runs after the .deb is installed. Serial ports (/dev/ttyUSB*, /dev/ttyACM*) belong to the
# dialout group; Fieldlink cannot change group membership for the user, so it only says so.
echo "Fieldlink: to use USB serial ports, add your user to the dialout group: sudo usermod -aG dialout \$USER"
