# Rules people can see: units and pass rules
unit-kilobyte = kB
