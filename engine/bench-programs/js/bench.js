// Backstep's JavaScript workload, written here: objects, closures, strings, arrays, JSON and regular
// expressions, the mix a script engine's interpreter loop sees. Usage: mujs bench.js [rounds] ...
// mujs passes arguments as scriptArgs. Prints one checksum line, the same in every engine.
var rounds = typeof scriptArgs !== 'undefined' && scriptArgs.length > 0 ? Number(scriptArgs[0]) : 4;

function Vec(x, y, z) { this.x = x; this.y = y; this.z = z; }
Vec.prototype.add = function (o) { return new Vec(this.x + o.x, this.y + o.y, this.z + o.z); };
Vec.prototype.scale = function (k) { return new Vec(this.x * k, this.y * k, this.z * k); };
Vec.prototype.dot = function (o) { return this.x * o.x + this.y * o.y + this.z * o.z; };

// Numbers and objects: a small n-body step.
function bodies(steps) {
  var bs = [];
  for (var i = 0; i < 24; i++) bs.push({ p: new Vec(i, i * 0.5, -i), v: new Vec(0, 0.01 * i, 0), m: 1 + i % 3 });
  for (var s = 0; s < steps; s++) {
    for (var a = 0; a < bs.length; a++) {
      var acc = new Vec(0, 0, 0);
      for (var b = 0; b < bs.length; b++) {
        if (a === b) continue;
        var d = bs[b].p.add(bs[a].p.scale(-1));
        var r2 = d.dot(d) + 0.01;
        acc = acc.add(d.scale(bs[b].m / (r2 * Math.sqrt(r2))));
      }
      bs[a].v = bs[a].v.add(acc.scale(0.001));
    }
    for (var c = 0; c < bs.length; c++) bs[c].p = bs[c].p.add(bs[c].v.scale(0.01));
  }
  var e = 0;
  for (var k = 0; k < bs.length; k++) e += bs[k].m * bs[k].v.dot(bs[k].v);
  return Math.round(e * 1e6);
}

// Strings, arrays and sorting: words counted and ordered.
function words(n) {
  var syll = ['ka', 'ri', 'to', 'nu', 'me', 'sa', 'lo', 'pe'];
  var seed = 7, text = [];
  for (var i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    var w = '', len = 1 + seed % 3;
    for (var j = 0; j < len; j++) w += syll[(seed >> (j * 3 + 4)) & 7];
    text.push(w);
  }
  var counts = {};
  for (var t = 0; t < text.length; t++) counts[text[t]] = (counts[text[t]] || 0) + 1;
  var keys = Object.keys(counts);
  keys.sort(function (p, q) { return counts[q] - counts[p] || (p < q ? -1 : p > q ? 1 : 0); });
  var h = 0, joined = keys.slice(0, 20).join(',');
  for (var c = 0; c < joined.length; c++) h = (h * 31 + joined.charCodeAt(c)) % 1000000007;
  return h + keys.length;
}

// Closures and recursion.
function closures(n) {
  function memo(f) { var cache = {}; return function (k) { return k in cache ? cache[k] : (cache[k] = f(k)); }; }
  var fib = function (k) { return k < 2 ? k : fib(k - 1) + fib(k - 2); };
  var total = 0;
  for (var i = 0; i < n; i++) {
    var sq = memo(function (k) { return k * k + i; });
    for (var j = 0; j < 50; j++) total = (total + sq(j % 10)) % 1000003;
  }
  return total + fib(20);
}

// JSON and regular expressions.
function records(n) {
  var list = [];
  for (var i = 0; i < n; i++) list.push({ id: i, name: 'item' + i, tags: ['a' + (i % 5), 'b' + (i % 7)], price: (i * 37 % 1000) / 10 });
  var back = JSON.parse(JSON.stringify(list));
  var re = /^item(\d+)7$/, hits = 0, sum = 0;
  for (var k = 0; k < back.length; k++) {
    var m = re.exec(back[k].name);
    if (m) { hits++; sum += Number(m[1]); }
    sum += Math.floor(back[k].price);
  }
  return hits * 100000 + sum % 100000;
}

var check = 0;
for (var r = 0; r < rounds; r++) {
  check = (check * 7 + bodies(40) + words(6000) + closures(400) + records(1500)) % 1000000007;
}
print('rounds=' + rounds + ' check=' + check);
