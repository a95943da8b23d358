;; The first pass of the glyph classifier (glyph-table.ts, coarseNearest): the dot products of
;; four pooled cells with every pooled prototype, four lanes at a time (128-bit SIMD).
;;
;; Memory (imported, filled by glyph-table.ts):
;;   $q       4 cells x 96 f32 (one cell every 384 bytes)
;;   $protos  $count prototypes x 96 f32
;;   $out     $count x 4 f32: the dot of prototype i with cell k at $out + 16 i + 4 k
;;
;; Rebuild coarse-dots-wasm.ts after editing: npm run build:wasm
(module
  (import "env" "memory" (memory 1))
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))
  (func (export "dots4") (param $q i32) (param $protos i32) (param $count i32) (param $out i32)
    (local $i i32)
    (local $j i32)
    (local $p i32)
    (local $v v128)
    (local $a0 v128)
    (local $a1 v128)
    (local $a2 v128)
    (local $a3 v128)
    (local.set $p (local.get $protos))
    (block $done
      (loop $prototype
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $chunk
          (local.set $v (v128.load (i32.add (local.get $p) (local.get $j))))
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (local.get $v) (v128.load offset=0 (i32.add (local.get $q) (local.get $j))))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (local.get $v) (v128.load offset=384 (i32.add (local.get $q) (local.get $j))))))
          (local.set $a2 (f32x4.add (local.get $a2)
            (f32x4.mul (local.get $v) (v128.load offset=768 (i32.add (local.get $q) (local.get $j))))))
          (local.set $a3 (f32x4.add (local.get $a3)
            (f32x4.mul (local.get $v) (v128.load offset=1152 (i32.add (local.get $q) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $chunk (i32.lt_u (local.get $j) (i32.const 384))))
        (f32.store offset=0 (local.get $out) (call $hsum (local.get $a0)))
        (f32.store offset=4 (local.get $out) (call $hsum (local.get $a1)))
        (f32.store offset=8 (local.get $out) (call $hsum (local.get $a2)))
        (f32.store offset=12 (local.get $out) (call $hsum (local.get $a3)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 384)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $prototype)))))
