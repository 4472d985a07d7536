// The `mnist` package (CommonJS, no types of its own) exports an array of ten digit
// objects; `raw` holds that digit's images back to back, 784 values each.
declare module "mnist" {
  interface MnistDigit {
    readonly id: number;
    readonly length: number;
    readonly raw: readonly number[];
  }
  const digits: readonly MnistDigit[];
  export default digits;
}
