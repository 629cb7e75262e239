;; The scanner's prefilter: one SIMD pass that marks every offset where one of up to 8 buckets of
;; short patterns may start (Teddy, the multi-pattern search of Hyperscan and Rust's aho-corasick).
;; Each bucket is a bit. For each of the first three bytes of a pattern, two 16-byte tables give the
;; buckets a byte's low and high nibble allow at that position; a byte allows a bucket when both do.
;; An offset is a candidate when its byte and the next two allow a common bucket. The caller checks
;; each candidate against the text itself, so a false candidate costs a comparison, never a finding.
;;
;; As in Teddy, each block of 16 bytes is looked up once in all six tables, and the answers for the
;; first and second byte are carried over from the previous block by shuffling: lane i of a block
;; then tells which buckets may start at offset i - 2. That takes one load and one nibble split per
;; block instead of three.
;;
;; `npm run build:wasm` compiles this file into anchorsWasm.ts (wabt's wat2wasm, with SIMD).
;;
;; Memory, laid out by anchors.ts: the six tables at 0 (position 0 low, position 0 high, position 1
;; low, …), 16 bytes of scratch at 96, the bytes at `input` (at least `length + 18` of them
;; readable, zero past the text), candidates out as 32-bit integers at `output`: the offset in the
;; low 24 bits, the buckets that may start there in the high 8.
(module
  (memory (export "memory") 1)

  ;; Writes the candidates in [0, length) to `output`, by offset; returns how many.
  (func (export "find") (param $input i32) (param $length i32) (param $output i32) (result i32)
    (local $at i32)
    (local $end i32)
    (local $count i32)
    (local $bits i32)
    (local $lane i32)
    (local $bytes v128)
    (local $low v128)
    (local $high v128)
    (local $first v128) (local $second v128)
    (local $prevFirst v128) (local $prevSecond v128)
    (local $hits v128)
    (local $nibble v128)
    (local $low0 v128) (local $high0 v128)
    (local $low1 v128) (local $high1 v128)
    (local $low2 v128) (local $high2 v128)
    (local.set $nibble (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $low0 (v128.load (i32.const 0)))
    (local.set $high0 (v128.load (i32.const 16)))
    (local.set $low1 (v128.load (i32.const 32)))
    (local.set $high1 (v128.load (i32.const 48)))
    (local.set $low2 (v128.load (i32.const 64)))
    (local.set $high2 (v128.load (i32.const 80)))
    ;; A candidate's third byte lies two past its offset: blocks run to `length + 2`.
    (local.set $end (i32.add (local.get $length) (i32.const 2)))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        ;; The high nibble is a 16-bit shift and a mask: x86 has no 8-bit shift, and the engine's
        ;; emulation of i8x16.shr_u made the pass 10–20% slower (measured alone, over the 20 MB log).
        (local.set $low (v128.and (local.tee $bytes (v128.load (i32.add (local.get $input) (local.get $at)))) (local.get $nibble)))
        (local.set $high (v128.and (i16x8.shr_u (local.get $bytes) (i32.const 4)) (local.get $nibble)))
        ;; Buckets each byte allows as a first and as a second byte, kept for the next block.
        (local.set $first
          (v128.and (i8x16.swizzle (local.get $low0) (local.get $low)) (i8x16.swizzle (local.get $high0) (local.get $high))))
        (local.set $second
          (v128.and (i8x16.swizzle (local.get $low1) (local.get $low)) (i8x16.swizzle (local.get $high1) (local.get $high))))
        ;; Lane i: the first byte at i - 2, the second at i - 1, the third at i.
        (local.set $hits
          (v128.and
            (v128.and
              (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $prevFirst) (local.get $first))
              (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $prevSecond) (local.get $second)))
            (v128.and (i8x16.swizzle (local.get $low2) (local.get $low)) (i8x16.swizzle (local.get $high2) (local.get $high)))))
        (local.set $prevFirst (local.get $first))
        (local.set $prevSecond (local.get $second))
        (if (v128.any_true (local.get $hits))
          (then
            ;; One bit per lane with any bucket; lanes whose offset is `length` or past are dropped.
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $hits) (v128.const i64x2 0 0))))
            (if (i32.lt_u (i32.sub (local.get $end) (local.get $at)) (i32.const 16))
              (then
                (local.set $bits
                  (i32.and (local.get $bits)
                    (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $at))) (i32.const 1))))))
            ;; The buckets of each lane are read back from memory: a lane index must be a constant.
            (v128.store (i32.const 96) (local.get $hits))
            (block $written
              (loop $write
                (br_if $written (i32.eqz (local.get $bits)))
                (local.set $lane (i32.ctz (local.get $bits)))
                (i32.store
                  (i32.add (local.get $output) (i32.shl (local.get $count) (i32.const 2)))
                  (i32.or
                    (i32.sub (i32.add (local.get $at) (local.get $lane)) (i32.const 2))
                    (i32.shl (i32.load8_u offset=96 (local.get $lane)) (i32.const 24))))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $write)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (local.get $count)))
