#!/usr/bin/env node
// A committed file, so that installing the workspace can link the bin before dist/ is built.
import '../dist/cli/bin.js';
