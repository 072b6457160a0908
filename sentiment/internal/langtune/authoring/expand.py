#!/usr/bin/env python3
"""Regenerate sentiment/lexicons/{ms,id,hy}/*.tsv from the hand-written sources in this directory.

The sources are hand-curated: roots with a weight and a word class (*-roots.txt), whole words and phrases
(*-extra.txt), and the modifier, slang, complaint, urgency and aspect lists (*-<file>.txt). This script only
expands regular morphology (Malay/Indonesian affixes and reduplication, Armenian inflection), merges the shared
Malay-Indonesian entries, writes slang-bearing phrases and patterns in canonical form, and adds the file headers.
Run it after editing a source, then `go test ./sentiment/internal/langtune`:

    python3 sentiment/internal/langtune/authoring/expand.py
"""
import os, unicodedata

LEXICONS=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','..','..','lexicons')

# ---- Malay and Indonesian ----
VOW='aeiou'
def meN(r):
    if r[0] in VOW: return 'meng'+r
    if r[:2] in ('ny','ng'): return 'me'+r
    if r[0] in 'bfv': return 'mem'+r
    if r[0]=='p': return 'mem'+(r if r[1] in 'rl' else r[1:])
    if r[:2]=='sy': return 'men'+r
    if r[0] in 'dcjz': return 'men'+r
    if r[0]=='t': return 'men'+(r if r[1] in 'r' else r[1:])
    if r[0]=='s': return 'men'+r if r[1] not in VOW else 'meny'+r[1:]
    if r[0]=='k': return 'meng'+(r if r[1] in 'rlh' else r[1:])
    if r[0] in 'gh': return 'meng'+r
    return 'me'+r
def forms(root, cls, w):
    out=[(root,w)]
    if ' ' in root or '-' in root or cls=='n': return out
    out.append((root+'nya', w))
    # reduplication keeps the polarity (marah-marah, cantik-cantik), and tweets
    # write it with a 2 (marah2)
    out += [(root+'-'+root, w), (root+'2', w)]
    if cls=='a':
        if not root.startswith('ter'): out.append(('ter'+root, min(4, w*1.12)))
        out.append(('ke'+root+'an', w*0.95))
        out.append((meN(root)+'kan', w*1.05))
    if cls=='v':
        m=meN(root)
        for f in (m, m+'kan', m+'i', 'di'+root, 'di'+root+'kan', 'di'+root+'i', 'ter'+root, root+'kan', root+'i'):
            out.append((f, w))
            out.append((f+'nya', w))
    return out
def build(lang, roots, extra):
    res={}
    sign=1
    for line in open(roots):
        line=line.strip()
        if line.startswith('# --- negative'): sign=-1
        if not line or line.startswith('#'): continue
        parts=line.split()
        langs=parts[-1]; cls=parts[-2]; w=float(parts[-3]); root=' '.join(parts[:-3])
        if langs!='b' and langs!=lang[0]: continue
        for f,fw in forms(root, cls, w):
            if root==f: res[f]=sign*fw   # explicit roots win over derived forms
            else: res.setdefault(f, sign*fw)
    for line in open(extra):
        line=line.strip()
        if not line or line.startswith('#'): continue
        t,w=line.rsplit(None,1)
        res[t]=float(w)
    return res
# derived forms whose everyday sense is neutral (news, names, products): zeroed
# as phrases or dropped, so "kesihatan" (health) is not praise.
NEUTRAL_DERIVED={'kesihatan','kesehatan','keamanan','kemudahan','kecepatan','keadilan','kekuatan','kesegaran',
 'kelengkapan','kestabilan','kecantikan','kebersihan','kelembutan','kemurahan','kebijakan','kesopanan','kepercayaan',
 'keselamatan','kesesuaian','ketepatan','kemajuan','kesukaan','kepintaran','kecerdasan','keberanian',
 'ketegasan','kekayaan','kemewahan','kemegahan','kecerahan','kekasaran','kelemahan','mengamankan','diamankan',
 'membersihkan','kedamaian','ketenangan','kesetiaan','kejujuran','kebaikan','keindahan','kerapian','kelancaran',
 'kesucian','kebanggaan','kemudahannya','kelaparan','kesalahan','kekotoran','terhormat','kepuasan','kenyamanan','keramahan'}
KEEP={'kelemahan','kesalahan','kelaparan','kebaikan','keindahan','kepuasan','kenyamanan','keramahan','kejujuran','kebanggaan'}
ZERO_PHRASES={'rumah sakit':0,'salah satu':0,'kasih sayang':1.8,'cuba baik':0,'sebaik mungkin':0.6,'pakatan harapan':0,
 'parti keadilan':0,'keadilan rakyat':0,'kementerian kesihatan':0,'menteri kesihatan':0}

def ms_id_valence(lang):
    def finish(lang):
        res=build(lang, 'ms-id-roots.txt', lang+'-extra.txt')
        for k in NEUTRAL_DERIVED-KEEP: res.pop(k, None)
        for k,v in ZERO_PHRASES.items(): res.setdefault(k, v)
        return res
    # Language ID often confuses Malay and Indonesian, so each lexicon also carries
    # the other's entries, except false friends whose sense differs between them.
    FALSE_FRIENDS={'gampang','gilo','hang','kasih','malang','terkesan','percuma','pusing','lembab','lembap','butuh','bisa','kesal','seronok','bete','pas','sial'}
    res=finish(lang)
    other=finish('id' if lang=='ms' else 'ms')
    for k,v in other.items():
        if k not in res and k not in FALSE_FRIENDS: res[k]=v
    # a word that is a modifier or a slang variant is never looked up as valence
    for f,col in ((lang+'-modifiers.txt',0),(lang+'-slang.txt',0)):
        for line in open(f):
            if line.strip(): res.pop(line.split('\t')[col], None)
    for k in ('sayangnya','malangnya'): res.pop(k, None)  # contrast words, not praise
    return res

# ---- Armenian ----
HV='աեէըիոօևu'
def syl(w):
    u=w.replace('ու','u')
    n=sum(1 for c in u if c in HV)
    # an unwritten schwa opens a word-initial consonant cluster (կռիվ = kəriv): one more syllable
    if len(u)>1 and u[0] not in HV and u[1] not in HV: n+=1
    return n
def endsvowel(w): return w[-1] in 'աեէըիոօ' or w.endswith('ու')
def art(w): return w+('ն' if endsvowel(w) else 'ը')
def hy_forms(x,c,w):
    out=[(x,w)]
    if c=='X' or ' ' in x: return out
    if c=='A':
        out += [(art(x),w),('ամենա'+x,min(4,w*1.15)),(art('ամենա'+x),min(4,w*1.15)),(x+'որեն',w)]
        # an adjective used as a noun takes the plural (հիմարներ "fools", հիվանդները "the sick")
        pl=x+('եր' if syl(x)==1 else 'ներ')
        out += [(pl,w),(art(pl),w),(pl+'ի',w),(pl+'ին',w)]
        for aux in ('չէ','չեն','չէր','չի','չէին','չեմ','չես'):
            out.append((x+' '+aux, -0.74*w if w>0 else -0.5*w))
    elif c=='N':
        if x.endswith('ություն'):
            s=x[:-len('ություն')]
            out += [(x+'ը',w),(x+'ներ',w),(x+'ները',w),(s+'ության',w),(s+'ությանը',w),(s+'ությամբ',w),(x+'ից',w),(x+'ներից',w),(x+'ների',w),(x+'ներին',w)]
        else:
            pl=x+('եր' if syl(x)==1 else 'ներ')
            out += [(art(x),w),(x+'ի',w),(x+'ով',w),(x+'ում',w),(x+'ից',w),(pl,w),(art(pl),w),(pl+'ի',w),(pl+'ով',w)]
            # dative with the article, singular and plural (զոհին, ահաբեկիչներին)
            out += [(x+'ին',w),(pl+'ին',w),(pl+'ից',w)]
        # possessives: my / your (սերս, ցավդ, ցավերս)
        out += [(x+'ս',w),(x+'դ',w)] + ([(pl+'ս',w)] if not x.endswith('ություն') else [])
    elif c=='V':
        st,th=x[:-2],x[-2]
        out += [(x+'ը',w),(x+'ու',w),(x+'ով',w),(st+'ում',w),(st+'իր',w)]
        if th=='ե':
            out += [(st+e,w) for e in ('եցի','եցիր','եց','եցինք','եցիք','եցին','ած','ածը','ել','ող','ողը','ողներ')]
            out += [(p+st+e,w) for p in ('','կ') for e in ('եմ','ես','ի','ենք','եք','են')]
            # the resultative participle as a plural noun (զոհվածներ "the killed")
            out += [(st+'ածներ',w),(st+'ածները',w),(st+'ածների',w)]
            # causatives in -ցնել build the aorist and participle on -ցր- (տխրեցրեց, զայրացրած)
            if st.endswith('ցն'):
                r=st[:-1]+'ր'
                out += [(r+e,w) for e in ('ի','իր','եց','ինք','իք','ին','ած','ածը','ել')]
        else:
            out += [(st+e,w) for e in ('ացի','ացիր','աց','ացինք','ացիք','ացին','ացած','ացել','ացող','ացածներ','ացածները','ացածների')]
            out += [(p+st+e,w) for p in ('','կ') for e in ('ամ','աս','ա','անք','աք','ան')]
    elif c=='Vn':
        st,th=x[:-4],x[-4]
        out += [(x+'ու',w),(st+th+'նում',w)]
        out += [(st+e,w) for e in ('ացա','ացար','ացավ','ացանք','ացաք','ացան','ացած','ացել','ացածներ','ացածները','ացածների')]
    return out

def hy_valence():
    res={};sign=1
    for line in open('hy-roots.txt'):
        line=line.strip()
        if line.startswith('# --- negative'): sign=-1
        if not line or line.startswith('#'): continue
        p=line.split(); c=p[-1]; w=float(p[-2]); x=' '.join(p[:-2])
        for f,fw in hy_forms(x,c,sign*w):
            if f==x: res[f]=fw
            else: res.setdefault(f,fw)
    for line in open('hy-extra.txt'):
        line=line.strip()
        if not line or line.startswith('#'): continue
        t,w=line.rsplit(None,1); res[t]=float(w)
    for f in ('hy-modifiers.txt','hy-slang.txt'):
        for line in open(f):
            if line.strip(): res.pop(line.split('\t')[0], None)
    return res

# ---- output ----
NAMES={'ms':'Malay','id':'Indonesian','hy':'Armenian'}
DESC={'valence.tsv':'term<TAB>valence (VADER scale -4..+4)',
 'modifiers.tsv':'term<TAB>kind<TAB>value (negator|negprefix|booster|postbooster|contrast)',
 'complaints.tsv':'pattern<TAB>category<TAB>weight',
 'urgency.tsv':'pattern<TAB>level (1..3)',
 'aspects.tsv':'aspect<TAB>keyword',
 'slang.tsv':'variant<TAB>canonical'}
def canon_body(lang,name,body):
    # The engine rewrites slang before lookup: a phrase's first word and every
    # pattern or aspect token must therefore be written in canonical form.
    slang=dict(l.split('\t') for l in open(lang+'-slang.txt').read().split('\n') if l.strip())
    out=[];seen=set()
    for line in body.split('\n'):
        if not line.strip() or line.startswith('#'):
            out.append(line); continue
        cols=line.split('\t')
        i=1 if name=='aspects.tsv' else 0
        toks=cols[i].split(' ')
        if name in ('valence.tsv','modifiers.tsv'):
            if len(toks)>1: toks[0]=slang.get(toks[0],toks[0])
        elif name!='slang.tsv':
            toks=[slang.get(t,t) for t in toks]
        cols[i]=' '.join(' '.join(toks).split())
        key=tuple(cols[:2]) if name=='aspects.tsv' else cols[0]
        if name=='modifiers.tsv' and len(cols)>1 and cols[1]=='postbooster':
            key=(cols[0],'post')  # a word may boost both before and after ("sangat")
        if key in seen: continue
        seen.add(key); out.append('\t'.join(cols))
    return '\n'.join(out)
def write(lang,name,body):
    body=canon_body(lang,name,body)
    hdr=(f"# earshot {NAMES[lang]} ({lang}) {name}: written for earshot, hand-curated; same licence as the earshot repository.\n"
         f"# Format: {DESC[name]}. See SOURCE.md for how it was built and which dev data informed it.\n")
    open(os.path.join(LEXICONS,lang,name),'w').write(hdr+body)

def tsv(res):
    for t in sorted(res):
        assert t==unicodedata.normalize('NFC',t.lower()),t
    return ''.join(f"{t}\t{round(res[t],2):g}\n" for t in sorted(res))

def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    for lang in ('ms','id','hy'):
        write(lang,'valence.tsv',tsv(hy_valence() if lang=='hy' else ms_id_valence(lang)))
        for src,name in (('modifiers','modifiers.tsv'),('slang','slang.tsv'),('complaints','complaints.tsv'),('urgency','urgency.tsv'),('aspects','aspects.tsv')):
            write(lang,name,open(f'{lang}-{src}.txt').read())

if __name__=='__main__':
    main()
