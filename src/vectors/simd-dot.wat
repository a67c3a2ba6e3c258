;; The query side's one hot loop as 128-bit SIMD WebAssembly: the dot product of a query with every row of
;; the unit-normalised matrix. Compiled to src/vectors/simd-dot-wasm-bytes.ts by `npm run build:wasm` (wabt,
;; a dev dependency); a test checks that the bytes there match this source. Pointers are byte offsets into
;; the imported memory that holds the matrix, the query and the scores.
(module
  (import "env" "memory" (memory 0))

  ;; out[r] = sum_j p[r][j] * q[j] for rows r < n, four rows per pass with one f32x4 accumulator each, so
  ;; each query load serves four rows. n is a multiple of 4 (the caller pads the matrix with zero rows);
  ;; $bpr is the bytes per row (dim * 4, a multiple of 16).
  (func (export "dots") (param $p i32) (param $q i32) (param $out i32) (param $n i32) (param $bpr i32)
    (local $r i32) (local $j i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $qv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p3 (i32.add (local.tee $p2 (i32.add (local.tee $p1 (i32.add (local.get $p) (local.get $bpr)))
          (local.get $bpr))) (local.get $bpr)))
        (local.set $a3 (local.tee $a2 (local.tee $a1 (local.tee $a0 (v128.const i32x4 0 0 0 0)))))
        (local.set $j (i32.const 0))
        (loop $columns
          (local.set $qv (v128.load (i32.add (local.get $q) (local.get $j))))
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $j))) (local.get $qv))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (v128.load (i32.add (local.get $p1) (local.get $j))) (local.get $qv))))
          (local.set $a2 (f32x4.add (local.get $a2)
            (f32x4.mul (v128.load (i32.add (local.get $p2) (local.get $j))) (local.get $qv))))
          (local.set $a3 (f32x4.add (local.get $a3)
            (f32x4.mul (v128.load (i32.add (local.get $p3) (local.get $j))) (local.get $qv))))
          (br_if $columns (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $bpr))))
        ;; horizontal sums, (lane 0 + lane 1) + (lane 2 + lane 3)
        (f32.store offset=0 (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (f32.store offset=4 (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a1)) (f32x4.extract_lane 1 (local.get $a1)))
            (f32.add (f32x4.extract_lane 2 (local.get $a1)) (f32x4.extract_lane 3 (local.get $a1)))))
        (f32.store offset=8 (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a2)) (f32x4.extract_lane 1 (local.get $a2)))
            (f32.add (f32x4.extract_lane 2 (local.get $a2)) (f32x4.extract_lane 3 (local.get $a2)))))
        (f32.store offset=12 (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a3)) (f32x4.extract_lane 1 (local.get $a3)))
            (f32.add (f32x4.extract_lane 2 (local.get $a3)) (f32x4.extract_lane 3 (local.get $a3)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $p (i32.add (local.get $p3) (local.get $bpr)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows))))
)
