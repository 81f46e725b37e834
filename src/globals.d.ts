/** The package version, put in by the build (tsdown `define`). */
declare const __MLHOOKS_VERSION__: string;
