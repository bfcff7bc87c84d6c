"""The statutory kinship relations of 公务员法 第74条 and 《党政领导干部任职回避暂行规定》.

Each `Relation` knows its class (spouse, lineal kin, collateral kin within three
generations, close in-laws), its Chinese name and its inverse, so that a
relation declared once is known from both sides.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Relation", "RelationClass"]


class RelationClass(StrEnum):
    """The four classes the avoidance rules name."""

    SPOUSE = "spouse"
    """夫妻关系"""
    LINEAL = "lineal"
    """直系血亲"""
    COLLATERAL = "collateral"
    """三代以内旁系血亲"""
    IN_LAW = "in_law"
    """近姻亲"""

    @property
    def zh(self) -> str:
        return _CLASS_ZH[self]


class Relation(StrEnum):
    """How ``relative`` is related to ``person``: ``parent`` means the relative is the person's parent."""

    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    UNCLE_AUNT = "uncle_aunt"
    NEPHEW_NIECE = "nephew_niece"
    COUSIN = "cousin"
    PARENT_IN_LAW = "parent_in_law"
    CHILD_IN_LAW = "child_in_law"
    SPOUSE_SIBLING = "spouse_sibling"
    SIBLING_SPOUSE = "sibling_spouse"
    SPOUSE_SIBLING_SPOUSE = "spouse_sibling_spouse"
    CHILD_SPOUSE_PARENT = "child_spouse_parent"
    COLLATERAL_SPOUSE = "collateral_spouse"
    SPOUSE_COLLATERAL = "spouse_collateral"

    @property
    def relation_class(self) -> RelationClass:
        return _CLASS[self]

    @property
    def inverse(self) -> Relation:
        """The relation seen from the relative's side."""
        return _INVERSE[self]

    @property
    def zh(self) -> str:
        return _ZH[self]


_R, _C = Relation, RelationClass

_CLASS_ZH = {
    _C.SPOUSE: "夫妻关系",
    _C.LINEAL: "直系血亲",
    _C.COLLATERAL: "三代以内旁系血亲",
    _C.IN_LAW: "近姻亲",
}

# relation: (class, inverse, Chinese)
_TABLE: dict[Relation, tuple[RelationClass, Relation, str]] = {
    _R.SPOUSE: (_C.SPOUSE, _R.SPOUSE, "配偶"),
    _R.PARENT: (_C.LINEAL, _R.CHILD, "父母"),
    _R.CHILD: (_C.LINEAL, _R.PARENT, "子女"),
    _R.GRANDPARENT: (_C.LINEAL, _R.GRANDCHILD, "祖父母、外祖父母"),
    _R.GRANDCHILD: (_C.LINEAL, _R.GRANDPARENT, "孙子女、外孙子女"),
    _R.SIBLING: (_C.COLLATERAL, _R.SIBLING, "兄弟姐妹"),
    _R.UNCLE_AUNT: (_C.COLLATERAL, _R.NEPHEW_NIECE, "伯叔姑舅姨"),
    _R.NEPHEW_NIECE: (_C.COLLATERAL, _R.UNCLE_AUNT, "侄子女、甥子女"),
    _R.COUSIN: (_C.COLLATERAL, _R.COUSIN, "堂兄弟姐妹、表兄弟姐妹"),
    _R.PARENT_IN_LAW: (_C.IN_LAW, _R.CHILD_IN_LAW, "配偶父母"),
    _R.CHILD_IN_LAW: (_C.IN_LAW, _R.PARENT_IN_LAW, "子女配偶"),
    _R.SPOUSE_SIBLING: (_C.IN_LAW, _R.SIBLING_SPOUSE, "配偶兄弟姐妹"),
    _R.SIBLING_SPOUSE: (_C.IN_LAW, _R.SPOUSE_SIBLING, "兄弟姐妹配偶"),
    _R.SPOUSE_SIBLING_SPOUSE: (_C.IN_LAW, _R.SPOUSE_SIBLING_SPOUSE, "配偶兄弟姐妹的配偶"),
    _R.CHILD_SPOUSE_PARENT: (_C.IN_LAW, _R.CHILD_SPOUSE_PARENT, "子女配偶的父母"),
    _R.COLLATERAL_SPOUSE: (_C.IN_LAW, _R.SPOUSE_COLLATERAL, "三代以内旁系血亲的配偶"),
    _R.SPOUSE_COLLATERAL: (_C.IN_LAW, _R.COLLATERAL_SPOUSE, "配偶的三代以内旁系血亲"),
}
_CLASS = {r: v[0] for r, v in _TABLE.items()}
_INVERSE = {r: v[1] for r, v in _TABLE.items()}
_ZH = {r: v[2] for r, v in _TABLE.items()}
