#!/usr/bin/env node
// The `laptime` command. This file exists before the build, so npm can link it at install time;
// the program itself is compiled to dist/ by `npm install` (the root's prepare script).
import '../dist/src/bin/laptime.js';
