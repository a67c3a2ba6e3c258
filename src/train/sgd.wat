;; The hot loops of word2vec's SGD update on the shared weight tables, as 128-bit SIMD WebAssembly.
;; Compiled to src/train/sgd-wasm-bytes.ts by `npm run build:wasm` (wabt, a dev dependency); a test checks that the
;; bytes there match this source. All pointers are byte offsets into the imported shared memory that holds
;; the tables; n is a float count. Four floats per SIMD step, then a scalar tail for n % 4.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; sum_j a[j] * b[j], with two SIMD accumulators so the adds pipeline
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $s0 v128) (local $s1 v128) (local $end8 i32) (local $end i32) (local $sum f32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end8 (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done8
      (loop $l8
        (br_if $done8 (i32.ge_u (local.get $a) (local.get $end8)))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $s1 (f32x4.add (local.get $s1)
          (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $l8)))
    (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
    (local.set $sum
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
        (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0)))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $sum (f32.add (local.get $sum) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $l)))
    (local.get $sum))

  ;; word2vec's per-target update, in its order: neu1e += g * out (out as it was), then out += g * h
  (func (export "update") (param $out i32) (param $h i32) (param $neu i32) (param $n i32) (param $g f32)
    (local $gv v128) (local $o v128) (local $end4 i32) (local $end i32) (local $x f32)
    (local.set $gv (f32x4.splat (local.get $g)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $out) (local.get $end4)))
        (local.set $o (v128.load (local.get $out)))
        (v128.store (local.get $neu) (f32x4.add (v128.load (local.get $neu)) (f32x4.mul (local.get $gv) (local.get $o))))
        (v128.store (local.get $out) (f32x4.add (local.get $o) (f32x4.mul (local.get $gv) (v128.load (local.get $h)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $neu (i32.add (local.get $neu) (i32.const 16)))
        (br $l4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $x (f32.load (local.get $out)))
        (f32.store (local.get $neu) (f32.add (f32.load (local.get $neu)) (f32.mul (local.get $g) (local.get $x))))
        (f32.store (local.get $out) (f32.add (local.get $x) (f32.mul (local.get $g) (f32.load (local.get $h)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $h (i32.add (local.get $h) (i32.const 4)))
        (local.set $neu (i32.add (local.get $neu) (i32.const 4)))
        (br $l))))

  ;; y += a * x
  (func (export "axpy") (param $y i32) (param $x i32) (param $n i32) (param $a f32)
    (local $av v128) (local $end4 i32) (local $end i32)
    (local.set $av (f32x4.splat (local.get $a)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $y) (local.get $end4)))
        (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (f32x4.mul (local.get $av) (v128.load (local.get $x)))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $l4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (f32.store (local.get $y) (f32.add (f32.load (local.get $y)) (f32.mul (local.get $a) (f32.load (local.get $x)))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $l))))
)
