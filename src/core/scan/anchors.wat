;; The scanner's prefilter: one SIMD pass that marks every offset where one of up to 8 buckets of
;; short patterns may start (Teddy, the multi-pattern search of Hyperscan and Rust's aho-corasick).
;; Each bucket is a bit. For each of the first three bytes of a pattern, two 16-byte tables give the
;; buckets a byte's low and high nibble allow at that position; a byte allows a bucket when both do.
;; An offset is a candidate when its byte and the next two allow a common bucket. The caller checks
;; each candidate against the text itself, so a false candidate costs a comparison, never a finding.
;;
;; `npm run build:wasm` compiles this file into anchorsWasm.ts (wabt's wat2wasm, with SIMD).
;;
;; Memory, laid out by anchors.ts: the six tables at 0 (position 0 low, position 0 high, position 1
;; low, …), the bytes at `input` (at least `length + 18` of them readable), candidate offsets out
;; as 32-bit integers at `output`.
(module
  (memory (export "memory") 1)

  ;; Writes the offsets in [0, length) that are candidates to `output`, ascending; returns how many.
  (func (export "find") (param $input i32) (param $length i32) (param $output i32) (result i32)
    (local $at i32)
    (local $count i32)
    (local $hits v128)
    (local $bits i32)
    (local $bytes v128)
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
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $at) (local.get $length)))
        ;; The buckets allowed at 16 offsets: by their own byte, the next one and the one after.
        ;; Written out (not a function) so that every engine keeps it in registers. The high nibble
        ;; is a 16-bit shift and a mask: x86 has no 8-bit shift, and the engine's emulation of
        ;; i8x16.shr_u made the pass 10–20% slower (measured alone, over the 20 MB log).
        (local.set $hits
          (v128.and
            (v128.and
              (v128.and
                (i8x16.swizzle (local.get $low0)
                  (v128.and (local.tee $bytes (v128.load (i32.add (local.get $input) (local.get $at)))) (local.get $nibble)))
                (i8x16.swizzle (local.get $high0) (v128.and (i16x8.shr_u (local.get $bytes) (i32.const 4)) (local.get $nibble))))
              (v128.and
                (i8x16.swizzle (local.get $low1)
                  (v128.and (local.tee $bytes (v128.load offset=1 (i32.add (local.get $input) (local.get $at)))) (local.get $nibble)))
                (i8x16.swizzle (local.get $high1) (v128.and (i16x8.shr_u (local.get $bytes) (i32.const 4)) (local.get $nibble)))))
            (v128.and
              (i8x16.swizzle (local.get $low2)
                (v128.and (local.tee $bytes (v128.load offset=2 (i32.add (local.get $input) (local.get $at)))) (local.get $nibble)))
              (i8x16.swizzle (local.get $high2) (v128.and (i16x8.shr_u (local.get $bytes) (i32.const 4)) (local.get $nibble))))))
        (if (v128.any_true (local.get $hits))
          (then
            ;; One bit per offset with any bucket; offsets past the end are dropped.
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $hits) (v128.const i64x2 0 0))))
            (if (i32.lt_u (i32.sub (local.get $length) (local.get $at)) (i32.const 16))
              (then
                (local.set $bits
                  (i32.and (local.get $bits)
                    (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $length) (local.get $at))) (i32.const 1))))))
            (block $written
              (loop $write
                (br_if $written (i32.eqz (local.get $bits)))
                (i32.store
                  (i32.add (local.get $output) (i32.shl (local.get $count) (i32.const 2)))
                  (i32.add (local.get $at) (i32.ctz (local.get $bits))))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $write)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block)))
    (local.get $count)))
