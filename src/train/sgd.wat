;; word2vec's sequential SGD for negative sampling and hierarchical softmax (skip-gram and CBOW) as 128-bit SIMD
;; WebAssembly: `train` runs a whole batch, example by example, in one call. Compiled to
;; src/train/sgd-wasm-bytes.ts by `npm run build:wasm` (wabt, a dev dependency); a test checks that the bytes there
;; match this source. All pointers are byte offsets into the imported shared memory that holds the weight
;; tables and each thread's batch area; n is a float count. Vector loops do four floats per SIMD step, then a
;; scalar tail for n % 4.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; sum_j a[j] * b[j], with two SIMD accumulators so the adds pipeline; eight floats per step, then four, then a
  ;; scalar tail
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f32)
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
    ;; four more floats in one SIMD step when n % 8 >= 4 (dim 100 ends so): a scalar tail of four is a serial chain
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $a)) (i32.const 16))
      (then
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))))
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

;; word2vec's per-target update, in its order: neu1e += g * out (out as it was), then out += g * h; eight
  ;; floats (two v128) per iteration, then four, then a scalar tail
  (func $update (export "update") (param $out i32) (param $h i32) (param $neu i32) (param $n i32) (param $g f32)
    (local $gv v128) (local $o v128) (local $o1 v128) (local $end8 i32) (local $end4 i32) (local $end i32) (local $x f32)
    (local.set $gv (f32x4.splat (local.get $g)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end8 (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done8
      (loop $l8
        (br_if $done8 (i32.ge_u (local.get $out) (local.get $end8)))
        (local.set $o (v128.load (local.get $out)))
        (local.set $o1 (v128.load offset=16 (local.get $out)))
        (v128.store (local.get $neu) (f32x4.add (v128.load (local.get $neu)) (f32x4.mul (local.get $gv) (local.get $o))))
        (v128.store offset=16 (local.get $neu) (f32x4.add (v128.load offset=16 (local.get $neu)) (f32x4.mul (local.get $gv) (local.get $o1))))
        (v128.store (local.get $out) (f32x4.add (local.get $o) (f32x4.mul (local.get $gv) (v128.load (local.get $h)))))
        (v128.store offset=16 (local.get $out) (f32x4.add (local.get $o1) (f32x4.mul (local.get $gv) (v128.load offset=16 (local.get $h)))))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $h (i32.add (local.get $h) (i32.const 32)))
        (local.set $neu (i32.add (local.get $neu) (i32.const 32)))
        (br $l8)))
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
  (func $axpy (export "axpy") (param $y i32) (param $x i32) (param $n i32) (param $a f32)
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

  ;; One pass that finishes the previous target's update and computes the next target's dot: for each float j,
  ;; neu[j] += g * p[j]; p[j] += g * h[j]; then the dot's term h[j] * b[j], with b[j] loaded after p[j] is stored,
  ;; so when b is p (the same row twice) the dot sees the updated row exactly as $update then $dot would. The
  ;; same arithmetic and the same summation order as those two (two accumulators, the four-float step, the
  ;; scalar tail): the results are bit for bit theirs, with one load of h per float instead of two.
  (func $dotUpdate (param $h i32) (param $b i32) (param $p i32) (param $neu i32) (param $n i32) (param $g f32) (result f32)
    (local $gv v128) (local $s0 v128) (local $s1 v128) (local $o0 v128) (local $o1 v128) (local $h0 v128) (local $h1 v128)
    (local $end8 i32) (local $end i32) (local $sum f32) (local $x f32) (local $hx f32)
    (local.set $gv (f32x4.splat (local.get $g)))
    (local.set $end (i32.add (local.get $h) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end8 (i32.add (local.get $h) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done8
      (loop $l8
        (br_if $done8 (i32.ge_u (local.get $h) (local.get $end8)))
        (local.set $o0 (v128.load (local.get $p)))
        (local.set $o1 (v128.load offset=16 (local.get $p)))
        (local.set $h0 (v128.load (local.get $h)))
        (local.set $h1 (v128.load offset=16 (local.get $h)))
        (v128.store (local.get $neu) (f32x4.add (v128.load (local.get $neu)) (f32x4.mul (local.get $gv) (local.get $o0))))
        (v128.store offset=16 (local.get $neu) (f32x4.add (v128.load offset=16 (local.get $neu)) (f32x4.mul (local.get $gv) (local.get $o1))))
        (v128.store (local.get $p) (f32x4.add (local.get $o0) (f32x4.mul (local.get $gv) (local.get $h0))))
        (v128.store offset=16 (local.get $p) (f32x4.add (local.get $o1) (f32x4.mul (local.get $gv) (local.get $h1))))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $h0) (v128.load (local.get $b)))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $h1) (v128.load offset=16 (local.get $b)))))
        (local.set $h (i32.add (local.get $h) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (local.set $neu (i32.add (local.get $neu) (i32.const 32)))
        (br $l8)))
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $h)) (i32.const 16))
      (then
        (local.set $o0 (v128.load (local.get $p)))
        (local.set $h0 (v128.load (local.get $h)))
        (v128.store (local.get $neu) (f32x4.add (v128.load (local.get $neu)) (f32x4.mul (local.get $gv) (local.get $o0))))
        (v128.store (local.get $p) (f32x4.add (local.get $o0) (f32x4.mul (local.get $gv) (local.get $h0))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $h0) (v128.load (local.get $b)))))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $neu (i32.add (local.get $neu) (i32.const 16)))))
    (local.set $s0 (f32x4.add (local.get $s0) (local.get $s1)))
    (local.set $sum
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $s0)) (f32x4.extract_lane 1 (local.get $s0)))
        (f32.add (f32x4.extract_lane 2 (local.get $s0)) (f32x4.extract_lane 3 (local.get $s0)))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $h) (local.get $end)))
        (local.set $x (f32.load (local.get $p)))
        (local.set $hx (f32.load (local.get $h)))
        (f32.store (local.get $neu) (f32.add (f32.load (local.get $neu)) (f32.mul (local.get $g) (local.get $x))))
        (f32.store (local.get $p) (f32.add (local.get $x) (f32.mul (local.get $g) (local.get $hx))))
        (local.set $sum (f32.add (local.get $sum) (f32.mul (local.get $hx) (f32.load (local.get $b)))))
        (local.set $h (i32.add (local.get $h) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $neu (i32.add (local.get $neu) (i32.const 4)))
        (br $l)))
    (local.get $sum))

  ;; y = 0 over n floats (y 16-byte aligned is not required)
  (func $zero (param $y i32) (param $n i32)
    (local $end4 i32) (local $end i32)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $y) (local.get $end4)))
        (v128.store (local.get $y) (v128.const i32x4 0 0 0 0))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (f32.store (local.get $y) (f32.const 0))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $l))))

  ;; exp(x) for x <= 0 in float64 (WebAssembly has no exp): x = k ln2 + r with |r| <= ln2/2, exp(r) from the
  ;; classic rational form 1 - ((r c)/(c - 2) - r) with c = r - r^2 P(r^2) (minimax P, error < 1 ulp), times 2^k.
  ;; Below -708 the result would be subnormal; 0 is exact enough for both the sigmoid and log1p(exp(x)).
  (func $exp_neg (export "expNeg") (param $x f64) (result f64)
    (local $k f64) (local $r f64) (local $rr f64) (local $c f64)
    (if (f64.lt (local.get $x) (f64.const -708)) (then (return (f64.const 0))))
    (local.set $k (f64.nearest (f64.mul (local.get $x) (f64.const 1.44269504088896338700e+00))))
    (local.set $r (f64.sub (f64.sub (local.get $x) (f64.mul (local.get $k) (f64.const 6.93147180369123816490e-01)))
      (f64.mul (local.get $k) (f64.const 1.90821492927058770002e-10))))
    (local.set $rr (f64.mul (local.get $r) (local.get $r)))
    (local.set $c (f64.sub (local.get $r) (f64.mul (local.get $rr)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $rr)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $rr)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $rr)
      (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $rr) (f64.const 4.13813679705723846039e-08))))))))))))
    (f64.mul
      (f64.sub (f64.const 1) (f64.sub (f64.div (f64.mul (local.get $r) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $r)))
      (f64.reinterpret_i64 (i64.shl (i64.add (i64.trunc_f64_s (local.get $k)) (i64.const 1023)) (i64.const 52)))))

  ;; ln(x) for finite x >= 1 in float64: x = 2^e m with m in [sqrt(2)/2, sqrt(2)), f = m - 1, s = f/(2+f),
  ;; ln(1+f) = f - f^2/2 + s (f^2/2 + R(s^2)) with the minimax R of the classic libm log (error < 1 ulp).
  (func $log (export "log") (param $x f64) (result f64)
    (local $bits i64) (local $e f64) (local $m f64) (local $f f64) (local $s f64) (local $z f64) (local $hfsq f64) (local $r f64)
    (local.set $bits (i64.reinterpret_f64 (local.get $x)))
    (local.set $e (f64.convert_i64_s (i64.sub (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 1023))))
    (local.set $m (f64.reinterpret_i64 (i64.or (i64.and (local.get $bits) (i64.const 0x000fffffffffffff)) (i64.const 0x3ff0000000000000))))
    (if (f64.gt (local.get $m) (f64.const 1.41421356237309504880))
      (then
        (local.set $m (f64.mul (local.get $m) (f64.const 0.5)))
        (local.set $e (f64.add (local.get $e) (f64.const 1)))))
    (local.set $f (f64.sub (local.get $m) (f64.const 1)))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $r (f64.mul (local.get $z)
      (f64.add (f64.const 6.666666666666735130e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 3.999999999940941908e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 2.857142874366239149e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 2.222219843214978396e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 1.818357216161805012e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 1.531383769920937332e-01) (f64.mul (local.get $z) (f64.const 1.479819860511658591e-01)))))))))))))))
    (local.set $hfsq (f64.mul (f64.const 0.5) (f64.mul (local.get $f) (local.get $f))))
    (f64.sub
      (f64.mul (local.get $e) (f64.const 6.93147180369123816490e-01))
      (f64.sub
        (f64.sub (local.get $hfsq)
          (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r)))
            (f64.mul (local.get $e) (f64.const 1.90821492927058770002e-10))))
        (local.get $f))))

;; --- thread-private rows (one instance per thread, so these globals are the thread's) ---
  ;; With several training threads, the rows every example touches (the most frequent words' rows, and in hs the
  ;; inner nodes next to the root) are written by both cores all the time, and each write takes the cache line
  ;; away from the other core. A thread can instead train on its own copy of the `n` rows from id `lo` on, at
  ;; `base`, and fold them into the shared table now and then (syncHot): the shared rows then change once per
  ;; sync instead of once per example, and the other thread sees this thread's updates of those rows a sync
  ;; later, as Hogwild's other threads see any row a little late. n = 0 (the default, and one thread): every row
  ;; is the shared one.
  (global $inLo (mut i32) (i32.const 0))
  (global $inN (mut i32) (i32.const 0))
  (global $inBase (mut i32) (i32.const 0))
  (global $outLo (mut i32) (i32.const 0))
  (global $outN (mut i32) (i32.const 0))
  (global $outBase (mut i32) (i32.const 0))

  (func (export "setHot") (param $inLo i32) (param $inN i32) (param $inBase i32) (param $outLo i32) (param $outN i32) (param $outBase i32)
    (global.set $inLo (local.get $inLo))
    (global.set $inN (local.get $inN))
    (global.set $inBase (local.get $inBase))
    (global.set $outLo (local.get $outLo))
    (global.set $outN (local.get $outN))
    (global.set $outBase (local.get $outBase)))

  ;; the address of input row `id`: the thread's copy when it has one
  (func $inRow (param $tab i32) (param $id i32) (param $rowBytes i32) (result i32)
    (local $k i32)
    (local.set $k (i32.sub (local.get $id) (global.get $inLo)))
    (if (result i32) (i32.lt_u (local.get $k) (global.get $inN))
      (then (i32.add (global.get $inBase) (i32.mul (local.get $k) (local.get $rowBytes))))
      (else (i32.add (local.get $tab) (i32.mul (local.get $id) (local.get $rowBytes))))))

  ;; the address of output row `id`: the thread's copy when it has one
  (func $outRow (param $tab i32) (param $id i32) (param $rowBytes i32) (result i32)
    (local $k i32)
    (local.set $k (i32.sub (local.get $id) (global.get $outLo)))
    (if (result i32) (i32.lt_u (local.get $k) (global.get $outN))
      (then (i32.add (global.get $outBase) (i32.mul (local.get $k) (local.get $rowBytes))))
      (else (i32.add (local.get $tab) (i32.mul (local.get $id) (local.get $rowBytes))))))

  ;; Folds a thread's copy into the shared rows, for `n` floats: shared += mine - seen (what this thread changed
  ;; since the last sync), then mine = seen = shared (which now also holds the other threads' syncs).
  (func (export "syncHot") (param $shared i32) (param $mine i32) (param $seen i32) (param $n i32)
    (local $v v128) (local $end4 i32) (local $end i32) (local $x f32)
    (local.set $end (i32.add (local.get $shared) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $shared) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $shared) (local.get $end4)))
        (local.set $v (f32x4.add (v128.load (local.get $shared)) (f32x4.sub (v128.load (local.get $mine)) (v128.load (local.get $seen)))))
        (v128.store (local.get $shared) (local.get $v))
        (v128.store (local.get $mine) (local.get $v))
        (v128.store (local.get $seen) (local.get $v))
        (local.set $shared (i32.add (local.get $shared) (i32.const 16)))
        (local.set $mine (i32.add (local.get $mine) (i32.const 16)))
        (local.set $seen (i32.add (local.get $seen) (i32.const 16)))
        (br $l4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $shared) (local.get $end)))
        (local.set $x (f32.add (f32.load (local.get $shared)) (f32.sub (f32.load (local.get $mine)) (f32.load (local.get $seen)))))
        (f32.store (local.get $shared) (local.get $x))
        (f32.store (local.get $mine) (local.get $x))
        (f32.store (local.get $seen) (local.get $x))
        (local.set $shared (i32.add (local.get $shared) (i32.const 4)))
        (local.set $mine (i32.add (local.get $mine) (i32.const 4)))
        (local.set $seen (i32.add (local.get $seen) (i32.const 4)))
        (br $l))))

  ;; One example of word2vec's sequential SGD; returns its loss (float64). The example's input rows are the
  ;; `count` ids at $inIds, its targets (output rows) and labels (1 or 0, one byte each) the `nT` entries at
  ;; $tIds / $labels. In word2vec.c's order and reading the tables as they are at that moment: h = the input row
  ;; (skip-gram) or the mean or sum of the context rows (CBOW, into $hBuf); for each target, x = h . out,
  ;; g = (label - sigmoid(x)) lr, neu1e += g out, out += g h; then every input row += neu1e (divided by the
  ;; context size for CBOW's sum). The loss is sum(max(z, 0)) + log(prod(1 + exp(-|x|))) with z = -x for label
  ;; 1, x for 0: -log sigmoid(+-x) overflow-free, with one log per example (each factor is in (1, 2], so even a
  ;; 60-node Huffman path stays far from overflow). flags: bit 0 CBOW, bit 1 CBOW mean.
  (func $sgd
    (param $inIds i32) (param $count i32) (param $tIds i32) (param $labels i32) (param $nT i32)
    (param $inTab i32) (param $outTab i32) (param $dim i32) (param $neu i32) (param $hBuf i32) (param $lr f64)
    (param $flags i32) (param $tab i32) (result f64)
    (local $i i32) (local $t i32) (local $rowBytes i32) (local $h i32) (local $out i32) (local $label i32)
    (local $x f64) (local $ex f64) (local $sig f64) (local $hinge f64) (local $product f64) (local $soft f64) (local $idx i32)
    (local $scale f32) (local $prev i32) (local $prevG f32)
    (if (i32.le_s (local.get $count) (i32.const 0)) (then (return (f64.const 0))))
    (local.set $rowBytes (i32.shl (local.get $dim) (i32.const 2)))
    ;; the input rows' cache lines first (see the targets' touch below)
    (block $touchInDone
      (loop $touchIn
        (br_if $touchInDone (i32.ge_u (local.get $i) (local.get $count)))
        (call $touchRow
          (call $inRow (local.get $inTab) (i32.load (i32.add (local.get $inIds) (i32.shl (local.get $i) (i32.const 2)))) (local.get $rowBytes))
          (local.get $rowBytes))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $touchIn)))
    ;; touch every target row's cache lines first: the loads miss in parallel instead of one row at a time
    ;; behind each dot's dependency chain (WebAssembly has no prefetch; a load that may trap is never dropped).
    ;; Negative sampling only (5-10% faster with it): hs's targets are the inner nodes on the centre word's path,
    ;; those near the root stay in cache, and in skip-gram every context word of a centre trains against the
    ;; same path, so there the touch only costs loads (hs 5-7% faster without it)
    (block $touchDone
      (br_if $touchDone (i32.and (local.get $flags) (i32.const 4)))
      (loop $touch
        (br_if $touchDone (i32.ge_u (local.get $t) (local.get $nT)))
        (call $touchRow (call $outRow (local.get $outTab) (i32.load (i32.add (local.get $tIds) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes))
          (local.get $rowBytes))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $touch)))
    (local.set $t (i32.const 0))
    (local.set $i (i32.const 0))
    ;; the hidden vector
    (if (i32.and (local.get $flags) (i32.const 1))
      (then
        (call $zero (local.get $hBuf) (local.get $dim))
        (block $sumDone
          (loop $sum
            (br_if $sumDone (i32.ge_u (local.get $i) (local.get $count)))
            (call $axpy (local.get $hBuf)
              (call $inRow (local.get $inTab) (i32.load (i32.add (local.get $inIds) (i32.shl (local.get $i) (i32.const 2)))) (local.get $rowBytes))
              (local.get $dim) (f32.const 1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $sum)))
        (if (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 2)) (i32.const 0)) (i32.gt_s (local.get $count) (i32.const 1)))
          (then
            (call $scaleInPlace (local.get $hBuf) (local.get $dim)
              (f32.demote_f64 (f64.div (f64.const 1) (f64.convert_i32_s (local.get $count)))))))
        (local.set $h (local.get $hBuf)))
      (else
        (local.set $h (call $inRow (local.get $inTab) (i32.load (local.get $inIds)) (local.get $rowBytes)))))
    (call $zero (local.get $neu) (local.get $dim))
    (local.set $product (f64.const 1))
    ;; the targets
    (block $targetsDone
      (loop $targets
        (br_if $targetsDone (i32.ge_u (local.get $t) (local.get $nT)))
        (local.set $out (call $outRow (local.get $outTab) (i32.load (i32.add (local.get $tIds) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowBytes)))
        (local.set $label (i32.load8_u (i32.add (local.get $labels) (local.get $t))))
        ;; the previous target's update, if one is pending, in the same pass as this target's dot
        (local.set $x (f64.promote_f32
          (if (result f32) (local.get $prev)
            (then (call $dotUpdate (local.get $h) (local.get $out) (local.get $prev) (local.get $neu) (local.get $dim) (local.get $prevG)))
            (else (call $dot (local.get $h) (local.get $out) (local.get $dim))))))
        (local.set $prev (i32.const 0))
        (local.set $hinge (f64.add (local.get $hinge)
          (f64.max (if (result f64) (local.get $label) (then (f64.neg (local.get $x))) (else (local.get $x))) (f64.const 0))))
        (block $skip
          (if (local.get $tab)
            (then
              ;; word2vec.c / gensim: |x| >= 6 leaves the target alone; else sigmoid and softplus from tables
              (br_if $skip (f64.ge (f64.abs (local.get $x)) (f64.const 6)))
              (local.set $idx (i32.shl (i32.trunc_f64_s (f64.mul (f64.add (local.get $x) (f64.const 6)) (f64.const 83.33333333333333))) (i32.const 3)))
              (local.set $sig (f64.load (i32.add (local.get $tab) (local.get $idx))))
              (local.set $soft (f64.add (local.get $soft) (f64.load offset=8000 (i32.add (local.get $tab) (local.get $idx))))))
            (else
              ;; one exp serves the sigmoid and the loss: e = exp(-|x|), sigmoid(x) = 1/(1+e) or e/(1+e)
              (local.set $ex (call $exp_neg (f64.neg (f64.abs (local.get $x)))))
              (local.set $sig
                (if (result f64) (f64.ge (local.get $x) (f64.const 0))
                  (then (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $ex))))
                  (else (f64.div (local.get $ex) (f64.add (f64.const 1) (local.get $ex))))))
              (local.set $product (f64.mul (local.get $product) (f64.add (f64.const 1) (local.get $ex))))))
          ;; this target's update waits for the next target's dot (or the end of the targets)
          (local.set $prev (local.get $out))
          (local.set $prevG
            (f32.demote_f64 (f64.mul (f64.sub (f64.convert_i32_u (local.get $label)) (local.get $sig)) (local.get $lr)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $targets)))
    (if (local.get $prev) (then (call $update (local.get $prev) (local.get $h) (local.get $neu) (local.get $dim) (local.get $prevG))))
    ;; the input rows
    (local.set $scale (f32.const 1))
    (if (i32.and (i32.eq (i32.and (local.get $flags) (i32.const 3)) (i32.const 1)) (i32.gt_s (local.get $count) (i32.const 1)))
      (then (local.set $scale (f32.demote_f64 (f64.div (f64.const 1) (f64.convert_i32_s (local.get $count)))))))
    (local.set $i (i32.const 0))
    (block $spreadDone
      (loop $spread
        (br_if $spreadDone (i32.ge_u (local.get $i) (local.get $count)))
        (call $axpy
          (call $inRow (local.get $inTab) (i32.load (i32.add (local.get $inIds) (i32.shl (local.get $i) (i32.const 2)))) (local.get $rowBytes))
          (local.get $neu) (local.get $dim) (local.get $scale))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $spread)))
    (if (result f64) (local.get $tab)
      (then (f64.add (local.get $hinge) (local.get $soft)))
      (else (f64.add (local.get $hinge) (call $log (local.get $product))))))

  ;; One batch of examples given as flat arrays (the ExampleBatch of types.ts): example b's input ids are
  ;; inIds[inEnds[b] .. inEnds[b+1]) and its targets and labels tIds / labels [tEnds[b] .. tEnds[b+1]). Runs $sgd
  ;; on each in order; returns the loss sum (float64). $tab: the sigmoid tables, or 0 for the exact sigmoid. The full softmax and the tests use batches; training
  ;; with ns / hs goes through trainSentence below, which builds each example itself.
  (func (export "train")
    (param $n i32) (param $inEnds i32) (param $inIds i32) (param $tEnds i32) (param $tIds i32) (param $labels i32)
    (param $inTab i32) (param $outTab i32) (param $dim i32) (param $neu i32) (param $hBuf i32) (param $lr f64)
    (param $flags i32) (param $tab i32) (result f64)
    (local $b i32) (local $i0 i32) (local $t0 i32) (local $loss f64)
    (block $batchDone
      (loop $examples
        (br_if $batchDone (i32.ge_u (local.get $b) (local.get $n)))
        (local.set $i0 (i32.load (i32.add (local.get $inEnds) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $t0 (i32.load (i32.add (local.get $tEnds) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $loss (f64.add (local.get $loss) (call $sgd
          (i32.add (local.get $inIds) (i32.shl (local.get $i0) (i32.const 2)))
          (i32.sub (i32.load offset=4 (i32.add (local.get $inEnds) (i32.shl (local.get $b) (i32.const 2)))) (local.get $i0))
          (i32.add (local.get $tIds) (i32.shl (local.get $t0) (i32.const 2)))
          (i32.add (local.get $labels) (local.get $t0))
          (i32.sub (i32.load offset=4 (i32.add (local.get $tEnds) (i32.shl (local.get $b) (i32.const 2)))) (local.get $t0))
          (local.get $inTab) (local.get $outTab) (local.get $dim) (local.get $neu) (local.get $hBuf) (local.get $lr) (local.get $flags) (local.get $tab))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $examples)))
    (local.get $loss))

  ;; --- the random stream: xoshiro128** as util/rng.ts, state in four globals (one instance per thread) ---
  (global $s0 (mut i32) (i32.const 0))
  (global $s1 (mut i32) (i32.const 0))
  (global $s2 (mut i32) (i32.const 0))
  (global $s3 (mut i32) (i32.const 0))

  (func $rngLoad (param $p i32)
    (global.set $s0 (i32.load (local.get $p)))
    (global.set $s1 (i32.load offset=4 (local.get $p)))
    (global.set $s2 (i32.load offset=8 (local.get $p)))
    (global.set $s3 (i32.load offset=12 (local.get $p))))

  (func $rngStore (param $p i32)
    (i32.store (local.get $p) (global.get $s0))
    (i32.store offset=4 (local.get $p) (global.get $s1))
    (i32.store offset=8 (local.get $p) (global.get $s2))
    (i32.store offset=12 (local.get $p) (global.get $s3)))

  ;; Rng.nextUint32
  (func $next (result i32)
    (local $r i32) (local $t i32)
    (local.set $r (i32.mul (i32.rotl (i32.mul (global.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
    (local.set $t (i32.shl (global.get $s1) (i32.const 9)))
    (global.set $s2 (i32.xor (global.get $s2) (global.get $s0)))
    (global.set $s3 (i32.xor (global.get $s3) (global.get $s1)))
    (global.set $s1 (i32.xor (global.get $s1) (global.get $s2)))
    (global.set $s0 (i32.xor (global.get $s0) (global.get $s3)))
    (global.set $s2 (i32.xor (global.get $s2) (local.get $t)))
    (global.set $s3 (i32.rotl (global.get $s3) (i32.const 11)))
    (local.get $r))

  ;; Rng.nextFloat: uint32 / 2^32 (exact in float64)
  (func $nextFloat (result f64)
    (f64.mul (f64.convert_i32_u (call $next)) (f64.const 2.3283064365386963e-10)))

  ;; --- examples built from a sentence: the work of batches.ts's BatchBuilder, in the same order of draws ---
  ;; A thread's block at $cfg (i32 fields, byte offsets): 0 sentence ptr, 4 length, 8 next centre, 12 rng state
  ;; ptr (4 x u32), 16 input table, 20 output table, 24 dim, 28 neu1e row, 32 hidden row, 36 flags (bit 0 CBOW,
  ;; bit 1 CBOW mean, bit 2 hs, else ns), 40 window, 44 negative, 48 noise size, 52 noise prob (f64 [size]),
  ;; 56 noise alias (i32 [size]), 60 Huffman code offsets (i32 [V+1]), 64 codes (u8), 68 points (i32), 72 keep
  ;; probabilities (f64 [V]; 0: no subsampling), 76 scratch input ids (i32 [2 window x most rows per word]), 80
  ;; scratch targets (i32), 84 scratch labels (u8), 88 examples of the last trainSentence call, 92 sigmoid tables,
  ;; 96 subword offsets (i32 [V+1]; 0: no subwords), 100 subword rows (i32: word w's input rows are
  ;; rows[offsets[w] .. offsets[w+1]), its own row first, then its n-grams').

  ;; Subsamples the `n` ids at the sentence pointer in place (BatchBuilder.setSentence: a word is dropped when
  ;; keep < 1 and keep < one draw); sets the length and the next centre 0; returns the length.
  (func (export "subsample") (param $cfg i32) (param $n i32) (result i32)
    (local $sent i32) (local $keep i32) (local $i i32) (local $len i32) (local $id i32) (local $k f64)
    (local.set $sent (i32.load (local.get $cfg)))
    (local.set $keep (i32.load offset=72 (local.get $cfg)))
    (if (i32.eqz (local.get $keep))
      (then (local.set $len (local.get $n)))
      (else
        (call $rngLoad (i32.load offset=12 (local.get $cfg)))
        (block $done
          (loop $words
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $id (i32.load (i32.add (local.get $sent) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $k (f64.load (i32.add (local.get $keep) (i32.shl (local.get $id) (i32.const 3)))))
            ;; dropped when keep < 1 and keep < a draw (no draw for a word that is always kept)
            (if (i32.eqz (if (result i32) (f64.lt (local.get $k) (f64.const 1))
                  (then (f64.lt (local.get $k) (call $nextFloat)))
                  (else (i32.const 0))))
              (then
                (i32.store (i32.add (local.get $sent) (i32.shl (local.get $len) (i32.const 2))) (local.get $id))
                (local.set $len (i32.add (local.get $len) (i32.const 1)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $words)))
        (call $rngStore (i32.load offset=12 (local.get $cfg)))))
    (i32.store offset=4 (local.get $cfg) (local.get $len))
    (i32.store offset=8 (local.get $cfg) (i32.const 0))
    (local.get $len))

  ;; Writes `word`'s targets and labels into the scratch arrays (BatchBuilder.writeTargets); returns their count.
  ;; ns: the word (label 1), then `negative` draws from the alias table, each kept unless it equals the word;
  ;; hs: the Huffman path's inner nodes, label 1 - code.
  (func $targets (param $cfg i32) (param $word i32) (result i32)
    (local $tIds i32) (local $labels i32) (local $n i32) (local $k i32) (local $neg i32) (local $size i32)
    (local $d i32) (local $c i32) (local $end i32) (local $points i32) (local $codes i32)
    (local.set $tIds (i32.load offset=80 (local.get $cfg)))
    (local.set $labels (i32.load offset=84 (local.get $cfg)))
    (if (i32.and (i32.load offset=36 (local.get $cfg)) (i32.const 4))
      (then
        (local.set $c (i32.load (i32.add (i32.load offset=60 (local.get $cfg)) (i32.shl (local.get $word) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (i32.load offset=60 (local.get $cfg)) (i32.shl (local.get $word) (i32.const 2)))))
        (local.set $points (i32.load offset=68 (local.get $cfg)))
        (local.set $codes (i32.load offset=64 (local.get $cfg)))
        (block $done
          (loop $path
            (br_if $done (i32.ge_s (local.get $c) (local.get $end)))
            (i32.store (i32.add (local.get $tIds) (i32.shl (local.get $n) (i32.const 2)))
              (i32.load (i32.add (local.get $points) (i32.shl (local.get $c) (i32.const 2)))))
            (i32.store8 (i32.add (local.get $labels) (local.get $n))
              (i32.sub (i32.const 1) (i32.load8_u (i32.add (local.get $codes) (local.get $c)))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $path)))
        (return (local.get $n))))
    (i32.store (local.get $tIds) (local.get $word))
    (i32.store8 (local.get $labels) (i32.const 1))
    (local.set $n (i32.const 1))
    (local.set $neg (i32.load offset=44 (local.get $cfg)))
    (local.set $size (i32.load offset=48 (local.get $cfg)))
    (block $done
      (loop $draws
        (br_if $done (i32.ge_s (local.get $k) (local.get $neg)))
        ;; NoiseTable.draw: i = floor(u * size); keep i with probability prob[i], else its alias
        (local.set $d (i32.trunc_f64_u (f64.floor (f64.mul (call $nextFloat) (f64.convert_i32_u (local.get $size))))))
        (if (i32.eqz (f64.lt (call $nextFloat) (f64.load (i32.add (i32.load offset=52 (local.get $cfg)) (i32.shl (local.get $d) (i32.const 3))))))
          (then (local.set $d (i32.load (i32.add (i32.load offset=56 (local.get $cfg)) (i32.shl (local.get $d) (i32.const 2)))))))
        (if (i32.ne (local.get $d) (local.get $word))
          (then
            (i32.store (i32.add (local.get $tIds) (i32.shl (local.get $n) (i32.const 2))) (local.get $d))
            (i32.store8 (i32.add (local.get $labels) (local.get $n)) (i32.const 0))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $draws)))
    (local.get $n))

  ;; Trains the current sentence's centre words from the next centre on (BatchBuilder.fill, each example run by
  ;; $sgd as soon as it is built) until the sentence ends or the next centre could make more than `budget`
  ;; examples (2 window for skip-gram, 1 for CBOW). Stores the next centre and the example count; returns the
  ;; loss sum (float64).
  (func (export "trainSentence") (param $cfg i32) (param $lr f64) (param $budget i32) (result f64)
    (local $sent i32) (local $len i32) (local $centre i32) (local $window i32) (local $flags i32) (local $cbow i32)
    (local $per i32) (local $examples i32) (local $loss f64) (local $i i32) (local $reach i32) (local $from i32)
    (local $to i32) (local $word i32) (local $j i32) (local $nIn i32) (local $scratch i32)
    (local $inTab i32) (local $outTab i32) (local $dim i32) (local $neu i32) (local $hBuf i32) (local $tab i32)
    (local $subOff i32) (local $subRows i32) (local $ctx i32) (local $r i32) (local $rEnd i32)
    (local.set $sent (i32.load (local.get $cfg)))
    (local.set $len (i32.load offset=4 (local.get $cfg)))
    (local.set $centre (i32.load offset=8 (local.get $cfg)))
    (local.set $inTab (i32.load offset=16 (local.get $cfg)))
    (local.set $outTab (i32.load offset=20 (local.get $cfg)))
    (local.set $dim (i32.load offset=24 (local.get $cfg)))
    (local.set $neu (i32.load offset=28 (local.get $cfg)))
    (local.set $hBuf (i32.load offset=32 (local.get $cfg)))
    (local.set $flags (i32.load offset=36 (local.get $cfg)))
    (local.set $window (i32.load offset=40 (local.get $cfg)))
    (local.set $scratch (i32.load offset=76 (local.get $cfg)))
    (local.set $tab (i32.load offset=92 (local.get $cfg)))
    (local.set $subOff (i32.load offset=96 (local.get $cfg)))
    (local.set $subRows (i32.load offset=100 (local.get $cfg)))
    (local.set $cbow (i32.and (local.get $flags) (i32.const 1)))
    (local.set $per (if (result i32) (local.get $cbow) (then (i32.const 1)) (else (i32.shl (local.get $window) (i32.const 1)))))
    (call $rngLoad (i32.load offset=12 (local.get $cfg)))
    (block $done
      (loop $centres
        (br_if $done (i32.ge_s (local.get $centre) (local.get $len)))
        (br_if $done (i32.gt_s (i32.add (local.get $examples) (local.get $per)) (local.get $budget)))
        (local.set $i (local.get $centre))
        (local.set $centre (i32.add (local.get $centre) (i32.const 1)))
        ;; word2vec.c: b = rand % window, effective window window - b (so 1..window)
        (local.set $reach (i32.sub (local.get $window) (i32.rem_u (call $next) (local.get $window))))
        (local.set $from (i32.sub (local.get $i) (local.get $reach)))
        (if (i32.lt_s (local.get $from) (i32.const 0)) (then (local.set $from (i32.const 0))))
        (local.set $to (i32.add (local.get $i) (local.get $reach)))
        (if (i32.gt_s (local.get $to) (i32.sub (local.get $len) (i32.const 1))) (then (local.set $to (i32.sub (local.get $len) (i32.const 1)))))
        (local.set $word (i32.load (i32.add (local.get $sent) (i32.shl (local.get $i) (i32.const 2)))))
        (if (local.get $cbow)
          (then
            ;; a one-word sentence has no context: nothing to predict from (word2vec.c: cw == 0)
            (if (i32.ne (local.get $to) (local.get $from))
              (then
                (local.set $nIn (i32.const 0))
                (local.set $j (local.get $from))
                (block $ctxDone
                  (loop $ctx
                    (br_if $ctxDone (i32.gt_s (local.get $j) (local.get $to)))
                    (if (i32.ne (local.get $j) (local.get $i))
                      (then
                        (local.set $ctx (i32.load (i32.add (local.get $sent) (i32.shl (local.get $j) (i32.const 2)))))
                        (if (local.get $subOff)
                          (then
                            ;; a subword model: every input row of the context word (its own, then its n-grams')
                            (local.set $r (i32.load (i32.add (local.get $subOff) (i32.shl (local.get $ctx) (i32.const 2)))))
                            (local.set $rEnd (i32.load offset=4 (i32.add (local.get $subOff) (i32.shl (local.get $ctx) (i32.const 2)))))
                            (block $rowsDone
                              (loop $rows
                                (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $rEnd)))
                                (i32.store (i32.add (local.get $scratch) (i32.shl (local.get $nIn) (i32.const 2)))
                                  (i32.load (i32.add (local.get $subRows) (i32.shl (local.get $r) (i32.const 2)))))
                                (local.set $nIn (i32.add (local.get $nIn) (i32.const 1)))
                                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                                (br $rows))))
                          (else
                            (i32.store (i32.add (local.get $scratch) (i32.shl (local.get $nIn) (i32.const 2))) (local.get $ctx))
                            (local.set $nIn (i32.add (local.get $nIn) (i32.const 1)))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $ctx)))
                (local.set $loss (f64.add (local.get $loss) (call $sgd (local.get $scratch) (local.get $nIn)
                  (i32.load offset=80 (local.get $cfg)) (i32.load offset=84 (local.get $cfg)) (call $targets (local.get $cfg) (local.get $word))
                  (local.get $inTab) (local.get $outTab) (local.get $dim) (local.get $neu) (local.get $hBuf) (local.get $lr) (local.get $flags) (local.get $tab))))
                (local.set $examples (i32.add (local.get $examples) (i32.const 1))))))
          (else
            ;; skip-gram: each context word's row predicts the centre word
            (local.set $j (local.get $from))
            (block $pairsDone
              (loop $pairs
                (br_if $pairsDone (i32.gt_s (local.get $j) (local.get $to)))
                (if (i32.ne (local.get $j) (local.get $i))
                  (then
                    (if (local.get $subOff)
                      (then
                        ;; a subword model (fastText): the input is the mean of the context word's rows, and each
                        ;; of them gets the whole update, which is $sgd's CBOW-mean arithmetic (flags 3)
                        (local.set $ctx (i32.load (i32.add (local.get $sent) (i32.shl (local.get $j) (i32.const 2)))))
                        (local.set $r (i32.load (i32.add (local.get $subOff) (i32.shl (local.get $ctx) (i32.const 2)))))
                        (local.set $loss (f64.add (local.get $loss) (call $sgd (i32.add (local.get $subRows) (i32.shl (local.get $r) (i32.const 2)))
                          (i32.sub (i32.load offset=4 (i32.add (local.get $subOff) (i32.shl (local.get $ctx) (i32.const 2)))) (local.get $r))
                          (i32.load offset=80 (local.get $cfg)) (i32.load offset=84 (local.get $cfg)) (call $targets (local.get $cfg) (local.get $word))
                          (local.get $inTab) (local.get $outTab) (local.get $dim) (local.get $neu) (local.get $hBuf) (local.get $lr)
                          (i32.or (local.get $flags) (i32.const 3)) (local.get $tab)))))
                      (else
                        (local.set $loss (f64.add (local.get $loss) (call $sgd (i32.add (local.get $sent) (i32.shl (local.get $j) (i32.const 2))) (i32.const 1)
                          (i32.load offset=80 (local.get $cfg)) (i32.load offset=84 (local.get $cfg)) (call $targets (local.get $cfg) (local.get $word))
                          (local.get $inTab) (local.get $outTab) (local.get $dim) (local.get $neu) (local.get $hBuf) (local.get $lr) (local.get $flags) (local.get $tab))))))
                    (local.set $examples (i32.add (local.get $examples) (i32.const 1)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $pairs)))))
        (br $centres)))
    (call $rngStore (i32.load offset=12 (local.get $cfg)))
    (i32.store offset=8 (local.get $cfg) (local.get $centre))
    (i32.store offset=88 (local.get $cfg) (local.get $examples))
    (local.get $loss))

  ;; one load per 64-byte line of [p, p + bytes)
  (func $touchRow (param $p i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $bytes)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (drop (i32.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $l))))

  ;; y *= a
  (func $scaleInPlace (param $y i32) (param $n i32) (param $a f32)
    (local $av v128) (local $end4 i32) (local $end i32)
    (local.set $av (f32x4.splat (local.get $a)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $l4
        (br_if $done4 (i32.ge_u (local.get $y) (local.get $end4)))
        (v128.store (local.get $y) (f32x4.mul (v128.load (local.get $y)) (local.get $av)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (f32.store (local.get $y) (f32.mul (f32.load (local.get $y)) (local.get $a)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $l))))
)
