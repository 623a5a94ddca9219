import { describe, expect, it } from 'vitest'
import { STEPS, backupTarget, emptyForm, firstStepOf, percent, setupPayload, stepOfField, stepProblems, type SetupForm } from './setup'

const filled = (): SetupForm => ({
  ...emptyForm(),
  name: '青山村十方田农产品专业合作社',
  uscc: '91350100M000100Y43',
  village: '青山村',
  township: '白云乡',
  county: '示范县',
  path: '/home/kuaiji/文档/合作社账本.coopbook',
  collectiveName: '青山村股份经济合作社',
  collectiveUscc: 'N2350125MF0000123N',
  password: '管理员的密码123',
  password2: '管理员的密码123',
})

describe('setup wizard', () => {
  it('has six steps in order', () => {
    expect([...STEPS]).toEqual(['coop', 'charter', 'collective', 'admin', 'backup', 'confirm'])
  })

  it('starts with the legal defaults and the collective entered now', () => {
    const f = emptyForm()
    expect([f.reserve, f.patronage, f.collective, f.memberCap, f.allowLabour, f.withCollective, f.customBackup]).toEqual(['0.10', '0.60', '0.30', '0.20', true, true, false])
  })

  it('sends a field the core names back to its step', () => {
    expect(stepOfField('uscc')).toBe('coop')
    expect(stepOfField('path')).toBe('coop')
    expect(stepOfField('patronage_rate')).toBe('charter')
    expect(stepOfField('member_cap')).toBe('charter')
    expect(stepOfField('collective.id_card')).toBe('collective')
    expect(stepOfField('password')).toBe('admin')
    expect(stepOfField('backup_dir')).toBe('backup')
    // the earliest step among several problems
    expect(firstStepOf(['password', 'collective.name', 'patronage_rate'])).toBe('charter')
    expect(firstStepOf(['backup_dir', 'township'])).toBe('coop')
    expect(firstStepOf([])).toBeNull()
  })

  it('holds a step back only for what is empty and for the passwords', () => {
    const f = filled()
    for (const s of STEPS) expect(stepProblems(s, f), s).toEqual([])
    expect(stepProblems('coop', { ...f, name: ' ', path: '' })).toEqual([
      { field: 'name', key: 'setup.required' },
      { field: 'path', key: 'setup.required' },
    ])
    expect(stepProblems('charter', { ...f, patronage: '' })).toEqual([{ field: 'patronage_rate', key: 'setup.required' }])
    expect(stepProblems('collective', { ...f, collectiveUscc: '' })).toEqual([{ field: 'collective.id_card', key: 'setup.required' }])
    expect(stepProblems('collective', { ...f, withCollective: false, collectiveUscc: '' })).toEqual([])
    expect(stepProblems('admin', { ...f, password: 'short', password2: 'short' })).toEqual([{ field: 'password', key: 'users.tooShort' }])
    expect(stepProblems('admin', { ...f, password2: '别的密码12345' })).toEqual([{ field: 'password2', key: 'users.mismatch' }])
    expect(stepProblems('backup', { ...f, customBackup: true })).toEqual([{ field: 'backup_dir', key: 'setup.required' }])
  })

  it('shows a rate as a percentage, exactly', () => {
    expect(percent('0.10')).toBe('10%')
    expect(percent('0.6')).toBe('60%')
    expect(percent('0.125')).toBe('12.5%')
    expect(percent('0.005')).toBe('0.5%')
    expect(percent('1')).toBe('100%')
    expect(percent('0')).toBe('0%')
    expect(percent('15%')).toBe('15%')
    expect(percent(' 0.30 ')).toBe('30%')
    expect(percent('abc')).toBe('')
    expect(percent('')).toBe('')
  })

  it('says where the backups will go', () => {
    const f = filled()
    expect(backupTarget(f)).toBe('/home/kuaiji/文档/备份')
    expect(backupTarget({ ...f, path: 'D:\\账本\\青山村.coopbook' })).toBe('D:\\账本\\备份')
    expect(backupTarget({ ...f, customBackup: true, backupDir: ' /media/usb/账本备份 ' })).toBe('/media/usb/账本备份')
    // a custom choice with no folder yet still shows the default
    expect(backupTarget({ ...f, customBackup: true })).toBe('/home/kuaiji/文档/备份')
  })

  it('builds the core payload', () => {
    const f = { ...filled(), reserve: '15%', memberCap: '', allowLabour: false, collectiveJoined: '2025-01-01' }
    expect(setupPayload(f)).toEqual({
      path: '/home/kuaiji/文档/合作社账本.coopbook',
      setup: {
        coop: {
          name: '青山村十方田农产品专业合作社',
          uscc: '91350100M000100Y43',
          village: '青山村',
          township: '白云乡',
          county: '示范县',
          reserve_rate: '15%',
          patronage_rate: '0.60',
          collective_min_share: '0.30',
        },
        allow_labour: false,
        member_cap: null,
        collective: { name: '青山村股份经济合作社', id_card: 'N2350125MF0000123N', kind: 'collective', phone: null, joined: '2025-01-01' },
        admin_password: '管理员的密码123',
        backup_dir: null,
      },
    })
    const later = setupPayload({ ...f, withCollective: false, customBackup: true, backupDir: '/media/usb/账本备份' }).setup
    expect(later.collective).toBeNull()
    expect(later.backup_dir).toBe('/media/usb/账本备份')
  })
})
