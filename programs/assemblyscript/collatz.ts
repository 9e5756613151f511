// An AssemblyScript WASI command (another toolchain than C): prints the longest Collatz chain below
// the limit given as its first argument (default 10000), with its arguments and a greeting on
// stderr. Built by programs/build.sh with assemblyscript and @assemblyscript/wasi-shim from npm.
// The WASI shim makes the top-level code the command's _start.
function main(): void {
  const argv = process.argv;
  const limit: i32 = argv.length > 1 ? I32.parseInt(argv[1]) : 10000;
  let best: i32 = 1;
  let bestLength: i32 = 1;
  for (let n: i32 = 1; n < limit; n++) {
    let x: i64 = n;
    let length: i32 = 1;
    while (x != 1) {
      x = (x & 1) == 0 ? x >> 1 : 3 * x + 1;
      length++;
    }
    if (length > bestLength) {
      best = n;
      bestLength = length;
    }
  }
  process.stderr.write("collatz from AssemblyScript\n");
  process.stdout.write(
    "longest chain below " + limit.toString() + ": " + best.toString() + " (" +
      bestLength.toString() + " steps)\n",
  );
}

main();
