#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""A module's state is written by its own files (ARCHITECTURE.md).

The rule, by type: a field of a struct defined in src/core/X.h (or in
src/core/X.c) may be written only by code spelled in X.h or X.c, or in
X_*.c when X.h is their header (ipv6.h: ipv6_in.c and ipv6_out.c). Every
other module reads it, or calls X's functions. struct v6_stack and struct
v6_iface are compositions of module structs (s->neigh, ifp->mld, ...), so
the rule follows each member to the module that defines its type.

A write is an assignment, a compound assignment, ++ or --, a memset or
memcpy into a pointer to a struct, or a pointer to the state that is not a
pointer to const: &x or an array decaying to a pointer. Such a pointer is
no write when it goes straight into a call of the owning module's own
function (v6_timer_arm(&s->timers, ...) hands the timer module its queue),
when it points to a struct of the writer's own module (a member of
another's struct that is the writer's composition: &ifp->nd in neigh.c),
or when it is kept in a local pointer variable or returned: every write
through such a pointer is checked where it happens, by the type of the
struct it writes. A field of a local struct variable is
nobody's state. What the checks cannot see: a write through a pointer to
a scalar kept in a local (int *p = &x->n; *p = 0).

A few writes across modules are the design, each named in ALLOWED with
its reason (Router Advertisements set interface variables that are
sysctls, as Linux's ndisc_router_discovery does).

It reads clang's AST (-ast-dump=json), so it sees through local pointers,
macros (a write spelled in a macro of stats.h belongs to stats.h) and
casts. Usage:

    ownership.py [--root DIR] [FILE.c ...]     (default: DIR/src/core/*.c)

Prints one line per violation, then "ownership: 1 passed, 0 failed" (or
0 passed, 1 failed) with a count of the writes checked; exits 1 on any
violation.

Run by tests/run.sh as one lint: "ownership: 1 passed, 0 failed".
"""
import glob
import json
import os
import subprocess
import sys

CLANG = os.environ.get("CLANG", "clang")

# (writer module, struct, field): why that module writes another's state.
ALLOWED = {
    ("rdisc", "v6_sysctl_conf", "mtu"):
        "RFC 4861 6.3.4: the MTU option sets the link MTU (conf.IFACE.mtu)",
    ("rdisc", "v6_sysctl_conf", "hop_limit"):
        "RFC 4861 6.3.4: Cur Hop Limit sets CurHopLimit (conf.IFACE.hop_limit)",
    ("rdisc", "v6_sysctl_neigh", "base_reachable_time_ms"):
        "RFC 4861 6.3.4: Reachable Time sets BaseReachableTime",
    ("rdisc", "v6_sysctl_neigh", "retrans_time_ms"):
        "RFC 4861 6.3.4: Retrans Timer sets RetransTimer",
}
COPIES = ("memset", "memcpy", "memmove", "__builtin_memset", "__builtin_memcpy",
          "__builtin_memmove")


def module_of(path, core_dir):
    """The module a file of the core belongs to, or None outside it."""
    path = os.path.normpath(path)
    if os.path.dirname(path) != core_dir:
        return None
    stem = os.path.splitext(os.path.basename(path))[0]
    cand = stem
    while True:
        # A header without a .c of its own (lpm_node.h) is a private
        # header of the module its name starts with (lpm).
        if os.path.exists(os.path.join(core_dir, cand + ".h")) and (
                "_" not in cand
                or os.path.exists(os.path.join(core_dir, cand + ".c"))):
            return cand
        if "_" not in cand:
            return stem
        cand = cand.rsplit("_", 1)[0]


def record_name(qual_type):
    """'const struct v6_neigh *' -> 'v6_neigh'; None if not a struct."""
    t = qual_type.replace("const", " ").replace("volatile", " ")
    t = t.split("[")[0].replace("*", " ").split()
    if len(t) >= 2 and t[0] in ("struct", "union"):
        return t[1]
    return None


def pointee_is_const(qual_type):
    if "*" not in qual_type:
        return False
    pointee = qual_type.rsplit("*", 1)[0]
    return "const" in pointee.replace("*", " ").split()


class Unit:
    """One translation unit's AST, walked once in document order."""

    def __init__(self, ast, core_dir, root):
        self.core_dir = core_dir
        self.root = root
        self.cur_file = None
        self.records = {}    # struct name -> defining file
        self.functions = {}  # function name -> file of its first declaration
        self.writes = []     # (kind, node, parent chain, file, offset)
        self.locals = set()  # ids of a function's automatic variables
        self.n_checked = 0
        self.walk(ast, [])

    def loc_file(self, loc):
        """Update the running file from a location; return (file, offset)
        of its spelling."""
        if not isinstance(loc, dict) or not loc:
            return None, None
        if "spellingLoc" in loc:
            f, off = self.loc_file(loc["spellingLoc"])
            self.loc_file(loc.get("expansionLoc", {}))
            return f, off
        if "file" in loc:
            self.cur_file = loc["file"]
        return self.cur_file, loc.get("offset")

    def walk(self, node, parents):
        if not isinstance(node, dict):
            return
        # Declarations have a "loc"; expressions only a "range", where
        # the spelling of its first token says whose code it is.
        f, off = self.loc_file(node.get("loc", {}))
        rng = node.get("range", {})
        bf, boff = self.loc_file(rng.get("begin", {}))
        self.loc_file(rng.get("end", {}))
        if "loc" not in node:
            f, off = bf, boff
        kind = node.get("kind")
        if kind == "RecordDecl" and node.get("completeDefinition") and node.get("name"):
            self.records.setdefault(node["name"], f)
        elif kind == "FunctionDecl" and node.get("name"):
            self.functions.setdefault(node["name"], f)
        elif (kind in ("VarDecl", "ParmVarDecl") and node.get("storageClass") != "static"
              and any(p.get("kind") == "FunctionDecl" for p in parents)):
            self.locals.add(node.get("id"))
        if f and os.path.normpath(f).startswith(self.core_dir + os.sep):
            self.classify(node, parents, f, off)
        for child in node.get("inner", []):
            self.walk(child, parents + [node])

    def classify(self, node, parents, f, off):
        kind = node.get("kind")
        inner = node.get("inner", [])
        parent = parents[-1] if parents else None
        if kind == "BinaryOperator" and node.get("opcode") == "=" and inner:
            self.writes.append(("assigns", inner[0], parents, f, off))
        elif kind == "CompoundAssignOperator" and inner:
            self.writes.append(("assigns", inner[0], parents, f, off))
        elif kind == "UnaryOperator" and node.get("opcode") in ("++", "--") and inner:
            self.writes.append(("increments", inner[0], parents, f, off))
        elif kind == "CallExpr" and len(inner) > 1 and self.callee_name(node) in COPIES:
            self.writes.append(("copies into", inner[1], parents, f, off))
        elif kind == "UnaryOperator" and node.get("opcode") == "&" and inner:
            if not self.const_use(node) and not self.const_use(parent):
                self.writes.append(("takes a writable pointer to", inner[0],
                                    parents + [node], f, off))
        elif (kind == "ImplicitCastExpr" and node.get("castKind") == "ArrayToPointerDecay"
              and inner and parent is not None
              and parent.get("kind") != "ArraySubscriptExpr"
              and not self.const_use(node) and not self.const_use(parent)):
            self.writes.append(("takes a writable pointer to", inner[0],
                                parents + [node], f, off))

    @staticmethod
    def callee_name(call):
        callee = call.get("inner", [None])[0]
        while isinstance(callee, dict) and callee.get("kind") in ("ImplicitCastExpr", "ParenExpr"):
            callee = callee.get("inner", [None])[0]
        if not isinstance(callee, dict) or callee.get("kind") != "DeclRefExpr":
            return None
        return callee.get("referencedDecl", {}).get("name")

    def is_local(self, e):
        """Is e (a DeclRefExpr) a function's automatic variable?"""
        return (e.get("kind") == "DeclRefExpr"
                and e.get("referencedDecl", {}).get("id") in self.locals)

    def local_object(self, e):
        """Is the lvalue e part of a local struct or array object (not
        reached through a pointer)?"""
        while isinstance(e, dict):
            k = e.get("kind")
            inner = e.get("inner", [])
            if k == "ParenExpr" and inner:
                e = inner[0]
            elif k == "ImplicitCastExpr" and e.get("castKind") in ("ArrayToPointerDecay", "NoOp") and inner:
                e = inner[0]
            elif k == "MemberExpr" and not e.get("isArrow") and inner:
                e = inner[0]
            elif k == "ArraySubscriptExpr" and inner:
                e = inner[0]
                if e.get("kind") != "ImplicitCastExpr" or e.get("castKind") != "ArrayToPointerDecay":
                    return False
            else:
                return self.is_local(e)
        return False

    def into_local_pointer(self, parents):
        """Does the pointer (last of parents) initialise or get assigned
        to a local pointer variable, or is it returned?"""
        i = len(parents) - 1
        while i > 0 and parents[i - 1].get("kind") in (
                "ImplicitCastExpr", "ParenExpr", "CStyleCastExpr", "ConditionalOperator"):
            i -= 1
        if i == 0:
            return False
        p = parents[i - 1]
        if p.get("kind") == "ReturnStmt":
            return True
        if p.get("kind") == "VarDecl":
            return p.get("id") in self.locals
        if p.get("kind") == "BinaryOperator" and p.get("opcode") == "=":
            lhs = p.get("inner", [None])[0]
            return (lhs is not parents[i] and isinstance(lhs, dict)
                    and self.is_local(lhs))
        return False

    def copied_record(self, e):
        """The struct a memset/memcpy destination points to, or None."""
        while isinstance(e, dict) and e.get("kind") in ("ImplicitCastExpr", "ParenExpr", "CStyleCastExpr"):
            qt = e.get("type", {}).get("qualType", "")
            rec = record_name(qt)
            if rec and "*" in qt and self.owner_module(rec):
                return rec
            e = (e.get("inner") or [None])[0]
        if isinstance(e, dict):
            if e.get("kind") == "UnaryOperator" and e.get("opcode") == "&":
                return None  # &x: checked as a pointer taken
            qt = e.get("type", {}).get("qualType", "")
            rec = record_name(qt)
            if rec and "*" in qt and self.owner_module(rec):
                return rec
        return None

    @staticmethod
    def const_use(parent):
        """Is the pointer this node yields (a cast, or the & itself) a
        pointer to const?"""
        if parent is None:
            return False
        if parent.get("kind") in ("ImplicitCastExpr", "CStyleCastExpr", "UnaryOperator"):
            return pointee_is_const(parent.get("type", {}).get("qualType", ""))
        return False

    def owner_module(self, rec):
        f = self.records.get(rec)
        if not f:
            return None
        return module_of(f, self.core_dir)

    def target(self, e):
        """The struct whose field the lvalue e writes: (record, field) or
        (record, None) for a whole struct written through a pointer."""
        if self.local_object(e):
            return None
        while isinstance(e, dict):
            k = e.get("kind")
            inner = e.get("inner", [])
            if k in ("ParenExpr", "ImplicitCastExpr", "CStyleCastExpr") and inner:
                e = inner[0]
            elif k == "MemberExpr" and inner:
                base = inner[0]
                rec = record_name(base.get("type", {}).get("qualType", ""))
                if rec and self.owner_module(rec):
                    return rec, e.get("name")
                e = base
            elif k == "ArraySubscriptExpr" and inner:
                base = inner[0]
                while base.get("kind") in ("ImplicitCastExpr", "ParenExpr") and base.get("inner"):
                    base = base["inner"][0]
                if base.get("kind") != "MemberExpr":
                    rec = record_name(e.get("type", {}).get("qualType", ""))
                    if rec and self.owner_module(rec):
                        return rec, None
                    return None
                e = base
            elif k == "UnaryOperator" and e.get("opcode") == "*":
                rec = record_name(e.get("type", {}).get("qualType", ""))
                if rec and self.owner_module(rec):
                    return rec, None
                return None
            else:
                return None
        return None

    def callee_module(self, parents):
        """If the pointer (last of parents) is an argument of a call, the
        module that declares the called function."""
        i = len(parents) - 1
        while i > 0 and parents[i - 1].get("kind") in ("ImplicitCastExpr", "ParenExpr", "CStyleCastExpr"):
            i -= 1
        if i == 0 or parents[i - 1].get("kind") != "CallExpr":
            return None
        call = parents[i - 1]
        callee = call.get("inner", [None])[0]
        while isinstance(callee, dict) and callee.get("kind") in ("ImplicitCastExpr", "ParenExpr"):
            callee = callee.get("inner", [None])[0]
        if not isinstance(callee, dict) or callee.get("kind") != "DeclRefExpr":
            return None
        name = callee.get("referencedDecl", {}).get("name")
        f = self.functions.get(name)
        return module_of(f, self.core_dir) if f else None

    def violations(self, text_of):
        out = []
        for kind, e, parents, f, off in self.writes:
            if kind == "copies into":
                rec = self.copied_record(e)
                t = (rec, None) if rec else None
            else:
                t = self.target(e)
            if not t:
                continue
            self.n_checked += 1
            rec, field = t
            owner = self.owner_module(rec)
            writer = module_of(f, self.core_dir)
            if owner == writer or (writer, rec, field) in ALLOWED:
                continue
            # A whole struct of the writer's own module, though a member
            # of another's (the composition: s->neigh, ifp->nd).
            whole = record_name(e.get("type", {}).get("qualType", ""))
            if kind != "copies into" and whole and self.owner_module(whole) == writer:
                continue
            if kind.startswith("takes"):
                mods = {owner}
                if whole and self.owner_module(whole):
                    mods.add(self.owner_module(whole))
                if self.callee_module(parents) in mods:
                    continue
                if self.into_local_pointer(parents):
                    continue
            line = text_of(f).count("\n", 0, off) + 1 if off is not None else 0
            what = "struct %s" % rec if field is None else "%s of struct %s" % (field, rec)
            out.append("%s:%d: %s %s, state of %s (written only by %s.[ch]%s)" % (
                os.path.relpath(f, self.root), line, kind, what, owner, owner,
                " and %s_*.c" % owner if glob.glob(os.path.join(self.core_dir, owner + "_*.c")) else ""))
        return out


def main(argv):
    root = os.getcwd()
    files = []
    args = argv[1:]
    while args:
        a = args.pop(0)
        if a == "--root":
            root = os.path.abspath(args.pop(0))
        else:
            files.append(a)
    os.chdir(root)
    core_dir = os.path.join("src", "core")
    files = [os.path.relpath(os.path.abspath(f), root) for f in files]
    if not files:
        files = sorted(glob.glob(os.path.join(core_dir, "*.c")))
    texts = {}

    def text_of(f):
        p = f
        if p not in texts:
            with open(p, encoding="utf-8", errors="replace") as fh:
                texts[p] = fh.read()
        return texts[p]

    failed, checked = [], 0
    for f in files:
        rel = f
        cmd = [CLANG, "-std=c11", "-D_GNU_SOURCE", "-Iinclude", "-Isrc",
               "-fsyntax-only", "-Xclang", "-ast-dump=json", rel]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            failed.append("%s: clang failed: %s" % (rel, r.stderr.strip()[:500]))
            continue
        u = Unit(json.loads(r.stdout), core_dir, root)
        failed += u.violations(text_of)
        checked += u.n_checked
    # A lint that saw nothing proves nothing.
    if checked == 0:
        failed.append("ownership: no write to module state found: the AST walk is broken")
    for line in failed:
        print("ownership: " + line)
    print("ownership: %d passed, %d failed (%d writes checked in %d files, %d violations)" % (
        0 if failed else 1, 1 if failed else 0, checked, len(files), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
