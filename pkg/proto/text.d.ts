/** .proto files are bundled as text (esbuild's `text` loader, pkg/build.mjs). */
declare module '*.proto' {
  const text: string;
  export default text;
}
