// comment
import { readFile } from "node:fs";
const answer = 42, name = 'folio';
let t = `hello ${name}!`;
export default async function main(args) {
  /* block */
  if (answer === 42 && !args) return null;
  const re = /ab+c/g;
  class A extends B { constructor() { super(); this.x = 0x1f; } }
  console.log(typeof answer, undefined, true);
}
