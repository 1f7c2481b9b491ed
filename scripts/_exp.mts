import { validateObject, validateObjects } from './models.ts';
const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'x/y': 'z' } },
  spec: { replicas: 'two', replicsa: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicyy: 'Always', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1', memory: 1 } } }] } } } };
console.log(await validateObject(dep));
console.log(await validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'IngressRouteTCP', metadata: { name: 'traefik-tcp-postgres' },
  spec: { entryPoints: ['pg'], routes: [{ match: 'HostSNI(`*`)', matchh: 'x', services: [{ name: 'pg', port: 5432 }] }], tls: { options: { name: 'o', namespace: 'n' } } } }));
console.log(await validateObject({ apiVersion: 'foo/v1', kind: 'Bar', metadata: { name: 'x' } }));
console.log(await validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'Service', metadata: { name: 'x' } }));
console.log(await validateObject({ metadata: { name: 'x' } }));
console.log(await validateObject({ apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'x' }, spec: { plugin: { foo: { a: { b: 1 } } }, headers: { customRequestHeaders: { A: 'b' } } } }));
const objs = Array.from({ length: 50 }, (_, i) => structuredClone(dep));
let t = performance.now(); await validateObjects(objs); console.log('50 deps', performance.now() - t);
t = performance.now(); await validateObjects(objs); console.log('50 deps again', performance.now() - t);
