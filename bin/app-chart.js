#!/usr/bin/env node
// The app-chart command: runs the TypeScript toolkit through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/cli.ts');
