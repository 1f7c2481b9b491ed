/** A Kubernetes resource quantity written as a string: 500m, 1.5, 128Mi, 2Gi, 1e3, 250u, 100n. */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$';
