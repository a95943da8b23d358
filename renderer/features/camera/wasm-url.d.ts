// Vite turns `?url` imports into the bundled asset's URL.
declare module '*?url' {
  const url: string;
  export default url;
}
